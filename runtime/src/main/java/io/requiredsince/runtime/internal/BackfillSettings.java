package io.requiredsince.runtime.internal;

import io.requiredsince.runtime.MigrationListener;
import java.time.Duration;
import java.util.Objects;

/**
 * How batched backfills run.
 *
 * @param batchDuration the time one batch should take; the batch size adapts to it. {@link Duration#ZERO}
 *     keeps the size fixed at {@code batchSize}
 * @param pause the pause between batches, for replicas and other writers to catch up
 * @param batchSize the rows of the first batch
 * @param lockTimeout how long the final pass waits for its table lock (PostgreSQL) before it gives
 *     way to the application and tries again
 * @param listener who hears of steps and batches
 * @param concurrentIndex whether PostgreSQL's final pass builds its index over the NULL rows
 *     concurrently first; off when a transaction of the caller stays open through the run
 * @param maxReplicaLag how far a replica may lag before the batches wait for it; zero for no limit
 * @param maxBatchRows the most rows one batch may write (a Galera node's write-set limit)
 */
public record BackfillSettings(Duration batchDuration, Duration pause, int batchSize, Duration lockTimeout,
                               MigrationListener listener, boolean concurrentIndex,
                               Duration maxReplicaLag, int maxBatchRows) {

    /** 100 ms batches starting at 1,000 rows, no pause, 2 s lock timeout, nobody listening. */
    public static final BackfillSettings DEFAULTS = new BackfillSettings(Duration.ofMillis(100), Duration.ZERO, 1000,
            Duration.ofSeconds(2), new MigrationListener() { }, true, Duration.ZERO,
            BatchSizer.MAX);

    public BackfillSettings {
        Objects.requireNonNull(batchDuration, "batchDuration");
        Objects.requireNonNull(pause, "pause");
        Objects.requireNonNull(lockTimeout, "lockTimeout");
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(maxReplicaLag, "maxReplicaLag");
        if (maxReplicaLag.isNegative()) {
            throw new IllegalArgumentException("maxReplicaLag must not be negative");
        }
        if (batchDuration.isNegative() || pause.isNegative() || lockTimeout.isNegative() || lockTimeout.isZero()) {
            throw new IllegalArgumentException("Batch duration and pause must not be negative, the lock timeout positive");
        }
        if (maxBatchRows < 1) {
            throw new IllegalArgumentException("A batch may hold at least one row, not " + maxBatchRows);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("A batch holds at least one row, not " + batchSize);
        }
    }

    public BackfillSettings withBatchDuration(Duration d) {
        return new BackfillSettings(d, pause, batchSize, lockTimeout, listener, concurrentIndex, maxReplicaLag, maxBatchRows);
    }

    public BackfillSettings withPause(Duration p) {
        return new BackfillSettings(batchDuration, p, batchSize, lockTimeout, listener, concurrentIndex, maxReplicaLag, maxBatchRows);
    }

    public BackfillSettings withBatchSize(int rows) {
        return new BackfillSettings(batchDuration, pause, rows, lockTimeout, listener, concurrentIndex, maxReplicaLag, maxBatchRows);
    }

    public BackfillSettings withLockTimeout(Duration t) {
        return new BackfillSettings(batchDuration, pause, batchSize, t, listener, concurrentIndex, maxReplicaLag, maxBatchRows);
    }

    public BackfillSettings withListener(MigrationListener l) {
        return new BackfillSettings(batchDuration, pause, batchSize, lockTimeout, l, concurrentIndex, maxReplicaLag, maxBatchRows);
    }

    public BackfillSettings withConcurrentIndex(boolean concurrently) {
        return new BackfillSettings(batchDuration, pause, batchSize, lockTimeout, listener, concurrently, maxReplicaLag, maxBatchRows);
    }

    public BackfillSettings withMaxReplicaLag(Duration lag) {
        return new BackfillSettings(batchDuration, pause, batchSize, lockTimeout, listener, concurrentIndex, lag, maxBatchRows);
    }

    /** At most {@code rows} per batch, and at most what was allowed already. */
    public BackfillSettings withMaxBatchRows(int rows) {
        return new BackfillSettings(batchDuration, pause, batchSize, lockTimeout, listener, concurrentIndex, maxReplicaLag,
                Math.min(maxBatchRows, rows));
    }
}
