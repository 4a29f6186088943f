package com.example.bad;

import io.requiredsince.RequiredSince;

public class PlaceholderBackfill {

    @RequiredSince(
            version = "2",
            backfill = "'[[UPDATEME]]'")
    String plan;
}
