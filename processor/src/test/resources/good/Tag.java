package com.example;

import io.requiredsince.RequiredSince;
import io.requiredsince.Table;

/** A record: its components map to columns like fields do (the annotation lands on the component's field). */
@Table("tags")
public record Tag(String name, @RequiredSince(version = "6", backfill = "'general'") String category) {
}
