package io.requiredsince.runtime;

/** Where a migration stands in the history table. */
public enum MigrationState {
    /** Known to the code, not yet applied. */
    PENDING,
    /** Applied successfully. */
    APPLIED,
    /** Attempted and failed; the next {@link Migrator#migrate()} resumes it from the live schema. */
    FAILED
}
