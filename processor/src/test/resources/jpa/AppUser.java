package com.example.jpa;

import io.requiredsince.RequiredSince;
import jakarta.persistence.Column;
import jakarta.persistence.Table;

/** Table, schema and column named by JPA's annotations, which the processor reads by name. */
@Table(name = "app_users", schema = "auth")
public class AppUser {

    @Column(name = "given_name", length = 80)
    @RequiredSince(version = "7", backfill = "'Unknown'")
    String givenName;

    @Column(precision = 10, scale = 4)
    @RequiredSince(version = "7", backfill = "0")
    java.math.BigDecimal creditLimit;
}
