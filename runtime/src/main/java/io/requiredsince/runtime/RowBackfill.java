package io.requiredsince.runtime;

import java.util.Map;

/**
 * Computes a new column's value for one existing row, in Java, for values SQL cannot compute.
 * Named by {@code @RequiredSince(backfillWith = PlanBackfill.class)}:
 *
 * <pre>{@code
 * public class PlanBackfill implements RowBackfill<String> {
 *     public String compute(Map<String, Object> row) {
 *         return ((Number) row.get("seats")).intValue() > 10 ? "team" : "free";
 *     }
 * }
 * }</pre>
 *
 * <p>The runtime reads the rows whose column is still NULL in key order, one batch at a time (it
 * never loads the table), calls {@link #compute} for each, and writes the values back in JDBC
 * batches, each batch its own transaction. The class needs a public no-argument constructor; the
 * annotation processor checks that at compile time, with the value type against the field's type.
 *
 * @param <T> the field's type: the value written into the column
 */
@FunctionalInterface
public interface RowBackfill<T> {

    /**
     * The value for one row.
     *
     * @param row the row's columns as the database returns them, read-only; names are matched
     *     without regard to case ({@code row.get("seats")} finds {@code SEATS})
     * @return the value, never null: a null stops the migration before the column is tightened
     */
    T compute(Map<String, Object> row);
}
