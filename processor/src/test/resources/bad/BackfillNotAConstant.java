package com.example.bad;

import io.requiredsince.RequiredSince;

public class BackfillNotAConstant {

    public enum Tier { FREE, PRO }

    @RequiredSince(
            version = "2",
            backfill = "'ENTERPRISE'")
    Tier tier;
}
