package com.example.rows;

import io.requiredsince.RequiredSince;
import io.requiredsince.Table;
import io.requiredsince.runtime.RowBackfill;
import java.util.Map;

@Table("organizations")
public class GoodRowBackfill {

    public static class Tier implements RowBackfill<Integer> {
        @Override
        public Integer compute(Map<String, Object> row) {
            return ((Number) row.get("seats")).intValue() > 10 ? 2 : 1;
        }
    }

    int seats;

    @RequiredSince(version = "3", backfillWith = Tier.class)
    int tier;
}
