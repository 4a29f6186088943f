package com.example.bad;

import io.requiredsince.RequiredSince;

public class BackfillWrongKind {

    @RequiredSince(
            version = "2",
            backfill = "'free'")
    int seats;
}
