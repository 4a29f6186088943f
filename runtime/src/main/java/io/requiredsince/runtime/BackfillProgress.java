package io.requiredsince.runtime;

import java.time.Duration;

/**
 * Where a batched backfill stands after a committed batch.
 *
 * @param migration the migration's identity, {@code [schema.]table.column}
 * @param step the step ({@code "backfill"} or {@code "final pass"})
 * @param batch the batch's number in this run, from 1
 * @param batchRows the rows this batch wrote
 * @param rowsDone the rows written so far in this run
 * @param rowsTotal the rows that were NULL when the step started (rows inserted since are done too,
 *     so {@code rowsDone} may pass it)
 * @param rowsPerSecond the step's rate so far
 * @param elapsed the time since the step started
 * @param eta the estimated time left, {@link Duration#ZERO} when done or unknown
 */
public record BackfillProgress(String migration, String step, long batch, int batchRows, long rowsDone,
                               long rowsTotal, double rowsPerSecond, Duration elapsed, Duration eta) {

    /** Done so far, between 0 and 1. */
    public double fraction() {
        return rowsTotal <= 0 ? 1.0 : Math.min(1.0, (double) rowsDone / rowsTotal);
    }
}
