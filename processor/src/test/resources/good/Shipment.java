package com.example;

import io.requiredsince.RequiredSince;
import io.requiredsince.Table;
import java.util.Map;

/** A Java type without a built-in mapping, given its SQL type; a timestamp literal. */
@Table("shipments")
public class Shipment {

    @RequiredSince(version = "5", backfill = "'{}'", sqlType = "jsonb")
    Map<String, String> attributes;

    @RequiredSince(version = "5", backfill = "TIMESTAMP '2020-01-01 00:00:00'")
    java.time.LocalDateTime shippedAt;
}
