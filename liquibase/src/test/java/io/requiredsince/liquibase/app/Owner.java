package io.requiredsince.liquibase.app;

import io.requiredsince.RequiredSince;
import io.requiredsince.Table;

/** An entity of the test application: its handle is required from version 2, computed from the name. */
@Table("owners")
public class Owner {
    long id;
    String name;
    @RequiredSince(version = "2", backfill = "lower(name)")
    String handle;
}
