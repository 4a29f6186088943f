package com.example;

import io.requiredsince.RequiredSince;
import io.requiredsince.Table;

@Table("organizations")
public class Organization {
    String name;

    @RequiredSince(version = "1", backfill = "'free'")
    String plan;

    @RequiredSince(version = "2", backfill = "lower(name)")
    String slug;
}
