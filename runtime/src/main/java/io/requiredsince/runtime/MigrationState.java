package io.requiredsince.runtime;

/** Where a migration stands in the history table. */
public enum MigrationState {
    /** Known to the code, not yet applied. */
    PENDING,
    /** Applied successfully: the column is required of every insert. */
    APPLIED,
    /**
     * Expanded: the column is there and backfilled, and an insert that omits it (an application
     * version still running) keeps succeeding and gives the row its value. {@link Migrator#complete()},
     * or the next version's {@link Migrator#migrate()}, makes it {@link #APPLIED}.
     */
    EXPANDED,
    /** Attempted and failed; the next {@link Migrator#migrate()} resumes it from the live schema. */
    FAILED
}
