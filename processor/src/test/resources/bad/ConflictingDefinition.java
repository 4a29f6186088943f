package com.example.bad;

import io.requiredsince.RequiredSince;
import io.requiredsince.Table;

@Table("accounts")
public class ConflictingDefinition {

    @RequiredSince(version = "2", backfill = "'free'")
    String plan;

    /** A second view of the same table, which disagrees about the same column in the same version. */
    @Table("accounts")
    public static class Archive {
        @RequiredSince(version = "2", backfill = "'archived'")
        String plan;
    }
}
