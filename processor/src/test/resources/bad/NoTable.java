package com.example.bad;

import io.requiredsince.RequiredSince;
import io.requiredsince.Table;

@Table("")
public class NoTable {

    @RequiredSince(version = "2", backfill = "'free'")
    String plan;
}
