package com.example.rows;

import io.requiredsince.RequiredSince;
import io.requiredsince.Table;

@Table("organizations")
public class NotARowBackfill {

    public static class Plan {
    }

    @RequiredSince(
            backfillWith = Plan.class)
    String plan;
}
