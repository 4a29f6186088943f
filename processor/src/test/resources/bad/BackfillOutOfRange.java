package com.example.bad;

import io.requiredsince.RequiredSince;

public class BackfillOutOfRange {

    @RequiredSince(
            version = "2",
            backfill = "70000")
    short seats;
}
