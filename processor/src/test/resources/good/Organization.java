package com.example;

import io.requiredsince.RequiredSince;
import io.requiredsince.Table;

/** The example from the design: a constant backfill, table named by our own @Table. */
@Table("organizations")
public class Organization {

    String name;

    @RequiredSince(version = "2", backfill = "'free'")
    String plan;
}
