package io.requiredsince.runtime.internal;

import java.time.Duration;
import java.util.Objects;

/**
 * What a {@link io.requiredsince.runtime.Migrator} was configured with.
 *
 * @param historySchema the history table's schema, or null for the connection's own
 * @param historyTable the history table
 * @param lockTimeout how long to wait for another migrator
 * @param ddlLockRetry how DDL waits for its table lock and retries
 * @param backfill how backfills batch and whom they report to
 * @param forceUndo whether undo may drop values other than the backfill
 * @param completeImmediately whether migrate() expands and completes at once, for a single instance
 * @param target the highest version migrate() applies, or null for every pending migration
 */
public record RunSettings(String historySchema, String historyTable, Duration lockTimeout, DdlLockRetry ddlLockRetry,
                          BackfillSettings backfill, boolean forceUndo, boolean completeImmediately,
                          io.requiredsince.runtime.MigrationVersion target) {

    /** The history table {@code requiredsince_history}, 5 minutes' wait for another migrator, 5 s × 10 DDL retries. */
    public static final RunSettings DEFAULTS = new RunSettings(null, "requiredsince_history", Duration.ofMinutes(5),
            DdlLockRetry.defaults(), BackfillSettings.DEFAULTS, false, false, null);

    public RunSettings {
        Objects.requireNonNull(historyTable, "historyTable");
        Objects.requireNonNull(lockTimeout, "lockTimeout");
        Objects.requireNonNull(ddlLockRetry, "ddlLockRetry");
        Objects.requireNonNull(backfill, "backfill");
    }

    public RunSettings withHistory(String schema, String table) {
        return new RunSettings(schema, table, lockTimeout, ddlLockRetry, backfill, forceUndo, completeImmediately, target);
    }

    public RunSettings withLockTimeout(Duration timeout) {
        return new RunSettings(historySchema, historyTable, timeout, ddlLockRetry, backfill, forceUndo, completeImmediately, target);
    }

    public RunSettings withDdlLockTimeout(Duration timeout) {
        return new RunSettings(historySchema, historyTable, lockTimeout, ddlLockRetry.withLockTimeout(timeout), backfill,
                forceUndo, completeImmediately, target);
    }

    public RunSettings withDdlLockRetries(int retries) {
        return new RunSettings(historySchema, historyTable, lockTimeout, ddlLockRetry.withRetries(retries), backfill,
                forceUndo, completeImmediately, target);
    }

    public RunSettings withBackfill(BackfillSettings settings) {
        return new RunSettings(historySchema, historyTable, lockTimeout, ddlLockRetry, settings, forceUndo, completeImmediately, target);
    }

    public RunSettings withCompleteImmediately(boolean immediately) {
        return new RunSettings(historySchema, historyTable, lockTimeout, ddlLockRetry, backfill, forceUndo, immediately, target);
    }

    public RunSettings withForceUndo(boolean force) {
        return new RunSettings(historySchema, historyTable, lockTimeout, ddlLockRetry, backfill, force, completeImmediately, target);
    }

    public RunSettings withTarget(io.requiredsince.runtime.MigrationVersion version) {
        return new RunSettings(historySchema, historyTable, lockTimeout, ddlLockRetry, backfill, forceUndo, completeImmediately,
                version);
    }
}
