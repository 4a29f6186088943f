package io.requiredsince.runtime.internal;

import io.requiredsince.runtime.Backfill;
import io.requiredsince.runtime.RowBackfill;

/** Creates the {@link RowBackfill} a migration names. */
final class RowBackfills {

    private RowBackfills() {
    }

    /** A new instance of the backfill's {@link Backfill#rowBackfill()} class. */
    static RowBackfill<?> instantiate(Backfill backfill) {
        if (backfill.rowBackfill() == null) {
            throw Message.ROW_BACKFILL_BY_NAME.failure(backfill.sql(), backfill.sql());
        }
        try {
            return backfill.rowBackfill().getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(Message.ROW_BACKFILL_CANNOT_START.format(backfill.sql(), e), e);
        }
    }
}
