package io.requiredsince.runtime;

import java.time.Duration;
import java.util.List;

/**
 * What {@link Migrator#migrate()} did for one migration.
 *
 * @param script the migration's identity ({@code table.column})
 * @param version its version
 * @param description its description
 * @param steps the statements run, in order; empty when the live schema already had the column as required
 * @param rowsBackfilled the rows the backfill wrote; 0 where the engine gave the existing rows the
 *     value through the catalog without rewriting them (PostgreSQL 11+ with a constant)
 * @param duration the wall time of the whole migration
 * @param warnings what the migration found on a column that existed before it and left as it was, one
 *     sentence each: a type other than the declared one, a default of its own kept instead of the backfill
 * @param state where the migration stands after it: {@link MigrationState#EXPANDED} (the column
 *     waits for {@link Migrator#complete()}) or {@link MigrationState#APPLIED} (required of every insert)
 */
public record MigrationResult(String script, MigrationVersion version, String description,
                              List<ExecutedStep> steps, long rowsBackfilled, Duration duration, List<String> warnings,
                              MigrationState state) {

    public MigrationResult {
        steps = List.copyOf(steps);
        warnings = List.copyOf(warnings);
        java.util.Objects.requireNonNull(state, "state");
    }

    /** An applied result. */
    public MigrationResult(String script, MigrationVersion version, String description, List<ExecutedStep> steps,
                           long rowsBackfilled, Duration duration, List<String> warnings) {
        this(script, version, description, steps, rowsBackfilled, duration, warnings, MigrationState.APPLIED);
    }

    /** A result without warnings. */
    public MigrationResult(String script, MigrationVersion version, String description, List<ExecutedStep> steps,
                           long rowsBackfilled, Duration duration) {
        this(script, version, description, steps, rowsBackfilled, duration, List.of());
    }
}
