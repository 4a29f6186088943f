package com.example.rows;

import io.requiredsince.RequiredSince;
import io.requiredsince.Table;
import io.requiredsince.runtime.RowBackfill;
import java.util.Map;

@Table("organizations")
public class BothBackfills {

    public static class Plan implements RowBackfill<String> {
        @Override
        public String compute(Map<String, Object> row) {
            return "free";
        }
    }

    @RequiredSince(backfill = "'free'",
            backfillWith = Plan.class)
    String plan;
}
