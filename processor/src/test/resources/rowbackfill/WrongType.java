package com.example.rows;

import io.requiredsince.RequiredSince;
import io.requiredsince.Table;
import io.requiredsince.runtime.RowBackfill;
import java.util.Map;

@Table("organizations")
public class WrongType {

    public static class Seats implements RowBackfill<Integer> {
        @Override
        public Integer compute(Map<String, Object> row) {
            return 1;
        }
    }

    @RequiredSince(
            backfillWith = Seats.class)
    String plan;
}
