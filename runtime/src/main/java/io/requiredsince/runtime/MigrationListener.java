package io.requiredsince.runtime;

import java.time.Duration;

/**
 * Follows a migration as it runs: each step's start and end, and every backfill batch. Register it
 * with {@code Migrator.configure(dataSource).listener(listener)}. The callbacks run on the thread
 * that migrates, between statements: keep them short. An exception thrown by a callback stops the
 * migration like a database error would, and the next {@code migrate()} resumes it.
 */
public interface MigrationListener {

    /**
     * A step is about to run.
     *
     * @param migration the migration's identity, {@code [schema.]table.column}
     * @param step the step's name, as reports show it ({@code "backfill"}, {@code "set not null"}…)
     * @param sql the statement, or a representative one for a batched step
     */
    default void stepStarted(String migration, String step, String sql) {
    }

    /** A backfill batch was committed. */
    default void batchDone(BackfillProgress progress) {
    }

    /**
     * A step ran to its end.
     *
     * @param rows the rows it backfilled (0 for DDL)
     * @param took how long it ran
     */
    default void stepFinished(String migration, String step, long rows, Duration took) {
    }
}
