package io.requiredsince.runtime.internal;

/** A backfill that stopped part way: the rows of the committed batches keep their values. */
final class BatchFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final long rowsDone;

    BatchFailure(String message, long rowsDone, Throwable cause) {
        super(message, cause);
        this.rowsDone = rowsDone;
    }

    /** Rows written by the committed batches before the failure. */
    public long rowsDone() {
        return rowsDone;
    }
}
