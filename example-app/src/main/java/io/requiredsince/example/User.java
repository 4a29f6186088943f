package io.requiredsince.example;

import io.requiredsince.RequiredSince;
import io.requiredsince.Table;

/**
 * An account. Version 3 split the display name into required first and last names, and made the
 * active flag explicit: accounts that exist are active.
 */
@Table("users")
public class User {
    long id;
    String username;

    @RequiredSince(version = "3", backfill = "'Unknown'")
    String firstName;

    @RequiredSince(version = "3", backfill = "'Unknown'")
    String lastName;

    @RequiredSince(version = "3", backfill = "true")
    Boolean isActive;
}
