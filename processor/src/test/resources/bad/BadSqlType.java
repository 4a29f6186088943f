package com.example.bad;

import io.requiredsince.RequiredSince;
import java.util.Map;

public class BadSqlType {

    @RequiredSince(
            version = "2",
            backfill = "'{}'",
            sqlType = "jsonb not null")
    Map<String, String> attributes;
}
