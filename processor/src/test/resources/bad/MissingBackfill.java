package com.example.bad;

import io.requiredsince.RequiredSince;
import io.requiredsince.Table;

@Table("organizations")
public class MissingBackfill {

    String name;

    @RequiredSince(version = "2")
    String plan;
}
