package com.example.bad;

import io.requiredsince.RequiredSince;
import java.time.LocalDate;

public class BackfillMalformedDate {

    @RequiredSince(
            version = "2",
            backfill = "'yesterday'")
    LocalDate renewsOn;
}
