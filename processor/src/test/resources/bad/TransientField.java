package com.example.bad;

import io.requiredsince.RequiredSince;

public class TransientField {

    @RequiredSince(version = "2", backfill = "'free'")
    transient String plan;
}
