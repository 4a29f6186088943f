package com.example.bad;

import io.requiredsince.RequiredSince;
import jakarta.persistence.Column;

public class BackfillTooLong {

    @Column(length = 4)
    @RequiredSince(
            version = "2",
            backfill = "'premium'")
    String plan;
}
