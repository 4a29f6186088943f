package com.example.bad;

import io.requiredsince.RequiredSince;

public class LocalClassField {

    void method() {
        class Line {
            @RequiredSince(version = "2", backfill = "0")
            int quantity;
        }
    }
}
