package com.example.bad;

import io.requiredsince.RequiredSince;
import jakarta.persistence.Column;
import jakarta.persistence.Table;

@Table(name = "accounts")
public class DuplicateColumn {

    @Column(name = "email")
    @RequiredSince(version = "2", backfill = "'nobody@example.com'")
    String email;

    @Column(name = "email")
    @RequiredSince(version = "3", backfill = "'unknown'")
    String contactEmail;
}
