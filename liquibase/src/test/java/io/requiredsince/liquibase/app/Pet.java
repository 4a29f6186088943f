package io.requiredsince.liquibase.app;

import io.requiredsince.RequiredSince;
import io.requiredsince.Table;

/** An entity of the test application: its kind is required from version 2, a constant for the rows there. */
@Table("pets")
public class Pet {
    long id;
    long ownerId;
    String name;
    @RequiredSince(version = "2", backfill = "'unknown'")
    String kind;
}
