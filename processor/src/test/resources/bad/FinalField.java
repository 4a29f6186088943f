package com.example.bad;

import io.requiredsince.RequiredSince;

public class FinalField {

    @RequiredSince(version = "2", backfill = "'free'")
    final String plan = "free";
}
