package io.requiredsince.runtime.internal;

/** Keeps batches near the target duration: halves or doubles at most per batch. */
public final class BatchSizer {

    /** The largest batch, in rows or address units. */
    public static final int MAX = 1_000_000;

    private final long targetNanos;
    private int rows;

    /** Adapts towards {@link BackfillSettings#batchDuration()}, starting at {@code start}. */
    public BatchSizer(BackfillSettings settings, int start) {
        this(settings.batchDuration().toNanos(), start);
    }

    private BatchSizer(long targetNanos, int start) {
        this.targetNanos = targetNanos;
        this.rows = Math.max(1, start);
    }

    /** A size that never adapts. */
    public static BatchSizer fixed(int size) {
        return new BatchSizer(0, size);
    }

    public int rows() {
        return rows;
    }

    public void adapt(long tookNanos) {
        if (targetNanos == 0) {
            return;
        }
        double factor = Math.max(0.5, Math.min(2.0, (double) targetNanos / Math.max(1, tookNanos)));
        rows = (int) Math.max(1, Math.min(MAX, Math.round(rows * factor)));
    }
}
