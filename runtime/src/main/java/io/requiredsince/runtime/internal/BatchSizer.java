package io.requiredsince.runtime.internal;

/** Keeps batches near the target duration: halves or doubles at most per batch. */
public final class BatchSizer {

    /** The largest batch, in rows or address units. */
    public static final int MAX = 1_000_000;

    private final long targetNanos;
    private final int max;
    private int rows;

    /**
     * Adapts towards {@link BackfillSettings#batchDuration()}, starting at {@code start}, never above
     * {@link BackfillSettings#maxBatchRows()}.
     */
    public BatchSizer(BackfillSettings settings, int start) {
        this(settings.batchDuration().toNanos(), start, Math.min(MAX, settings.maxBatchRows()));
    }

    private BatchSizer(long targetNanos, int start, int max) {
        this.targetNanos = targetNanos;
        this.max = max;
        this.rows = Math.max(1, Math.min(max, start));
    }

    /** A size that never adapts. */
    public static BatchSizer fixed(int size) {
        return new BatchSizer(0, size, MAX);
    }

    public int rows() {
        return rows;
    }

    public void adapt(long tookNanos) {
        if (targetNanos == 0) {
            return;
        }
        double factor = Math.max(0.5, Math.min(2.0, (double) targetNanos / Math.max(1, tookNanos)));
        rows = (int) Math.max(1, Math.min(max, Math.round(rows * factor)));
    }
}
