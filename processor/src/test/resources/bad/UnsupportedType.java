package com.example.bad;

import io.requiredsince.RequiredSince;
import java.util.List;

public class UnsupportedType {

    @RequiredSince(version = "2", backfill = "'{}'")
    List<String> tags;
}
