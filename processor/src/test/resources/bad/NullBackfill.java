package com.example.bad;

import io.requiredsince.RequiredSince;

public class NullBackfill {

    // The value sits on its own line so that the test can tell the value from the annotation.
    @RequiredSince(
            version = "2",
            backfill = "NULL")
    String plan;
}
