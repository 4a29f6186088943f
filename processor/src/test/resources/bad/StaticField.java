package com.example.bad;

import io.requiredsince.RequiredSince;

public class StaticField {

    @RequiredSince(version = "2", backfill = "'free'")
    static String plan;
}
