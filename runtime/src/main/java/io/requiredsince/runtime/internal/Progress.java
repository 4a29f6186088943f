package io.requiredsince.runtime.internal;

import io.requiredsince.runtime.BackfillProgress;
import java.time.Duration;

/** Counts a backfill step's rows, reports each batch to the listener and logs about every 5 seconds. */
public final class Progress {

    private static final System.Logger LOG = Log.get();
    private static final long LOG_EVERY_NANOS = Duration.ofSeconds(5).toNanos();

    private final BackfillSettings settings;
    private final String migration;
    private final String step;
    private final Target target;
    private long total;
    private final long start = System.nanoTime();
    private long lastLog = start;
    long done;
    long batches;
    // Rows and batches before the open transaction, whose rows count only once it commits; -1: none open.
    private long doneBeforeTransaction = -1;
    private long batchesBeforeTransaction;

    Progress(BackfillSettings settings, String migration, String step, Target target, long total) {
        this.settings = settings;
        this.migration = migration;
        this.step = step;
        this.target = target;
        this.total = total;
    }

    /** The rows to fill, once a step knows them only after it started (an index over them built first). */
    public void total(long rows) {
        total = rows;
    }

    /** Rows given their value so far. */
    public long done() {
        return done;
    }

    /** Rows whose batches were committed: what the table keeps whatever happens next. */
    public long committed() {
        return doneBeforeTransaction < 0 ? done : doneBeforeTransaction;
    }

    /** Batches committed. */
    public long committedBatches() {
        return doneBeforeTransaction < 0 ? batches : batchesBeforeTransaction;
    }

    /** The batches from here on run inside one transaction. */
    public void transactionStarted() {
        doneBeforeTransaction = done;
        batchesBeforeTransaction = batches;
    }

    /** The transaction's batches are in the table. */
    public void transactionCommitted() {
        doneBeforeTransaction = -1;
    }

    /** The transaction's batches are undone: they count no more, and a retry counts its own. */
    public void transactionRolledBack() {
        if (doneBeforeTransaction >= 0) {
            done = doneBeforeTransaction;
            batches = batchesBeforeTransaction;
            doneBeforeTransaction = -1;
        }
    }

    void batch(int rows) {
        batches++;
        done += rows;
        if (total == 0 && rows == 0) {
            return; // a pass that found nothing to do is not progress to report
        }
        long now = System.nanoTime();
        Duration elapsed = Duration.ofNanos(now - start);
        double rate = done / Math.max(1e-9, elapsed.toNanos() / 1e9);
        Duration eta = rate <= 0 || done >= total ? Duration.ZERO
                : Duration.ofMillis((long) ((total - done) / rate * 1000));
        settings.listener().batchDone(new BackfillProgress(migration, step, batches, rows, done, total, rate, elapsed,
                eta));
        if (now - lastLog >= LOG_EVERY_NANOS) {
            lastLog = now;
            LOG.log(System.Logger.Level.INFO, () -> String.format("Backfilling %s: %,d of %,d row(s) (%d%%),"
                    + " %,.0f rows/s, about %d s left", target.describe(), done, total,
                    total == 0 ? 100 : Math.min(100, done * 100 / total), rate, eta.toSeconds()));
        }
    }

    void finished() {
        long ms = Duration.ofNanos(System.nanoTime() - start).toMillis();
        if (batches > 1 || ms > 1000) {
            LOG.log(System.Logger.Level.INFO, () -> String.format("Backfilled %s (%s): %,d row(s) in %,d batch(es),"
                    + " %,d ms", target.describe(), step, done, batches, ms));
        }
    }
}
