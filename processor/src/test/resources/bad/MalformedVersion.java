package com.example.bad;

import io.requiredsince.RequiredSince;

public class MalformedVersion {

    // The value sits on its own line so that the test can tell the value from the annotation.
    @RequiredSince(
            version = "v2",
            backfill = "'free'")
    String plan;
}
