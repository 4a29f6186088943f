package com.example.rows;

import io.requiredsince.RequiredSince;
import io.requiredsince.Table;

@Table("organizations")
public class MissingClass {

    @RequiredSince(
            backfillWith = NoSuchBackfill.class)
    String plan;
}
