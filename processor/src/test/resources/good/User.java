package com.example;

import io.requiredsince.RequiredSince;
import io.requiredsince.Table;

/** Several migrations in one entity; one keeps its default; a boxed Boolean. */
@Table("users")
public class User {

    @RequiredSince(version = "3", backfill = "'Unknown'")
    String firstName;

    @RequiredSince(version = "3", backfill = "'Unknown'", keepDefault = true)
    String lastName;

    @RequiredSince(version = "3.1", backfill = "true")
    Boolean isActive;
}
