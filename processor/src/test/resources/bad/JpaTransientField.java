package com.example.bad;

import io.requiredsince.RequiredSince;
import jakarta.persistence.Transient;

public class JpaTransientField {

    @Transient
    @RequiredSince(version = "2", backfill = "'free'")
    String plan;
}
