package com.example.bad;

import io.requiredsince.RequiredSince;

public class InnerClassField {

    /** Not static: its instances belong to an outer instance, so it is no entity. */
    class Line {
        @RequiredSince(version = "2", backfill = "0")
        int quantity;
    }
}
