package com.example.rows;

import io.requiredsince.RequiredSince;
import io.requiredsince.Table;
import io.requiredsince.runtime.RowBackfill;
import java.util.Map;

@Table("organizations")
public class NoConstructor {

    public static class Plan implements RowBackfill<String> {
        private final String fallback;

        public Plan(String fallback) {
            this.fallback = fallback;
        }

        @Override
        public String compute(Map<String, Object> row) {
            return fallback;
        }
    }

    @RequiredSince(
            backfillWith = Plan.class)
    String plan;
}
