package io.requiredsince.runtime.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

/**
 * The engine-neutral batch loops of a backfill: the walk in key order (or in address ranges), each
 * batch {@code UPDATE … WHERE key in range AND col IS NULL} in its own short transaction, the size
 * adapting to {@link BackfillSettings#batchDuration()}; the final sweep; and the {@link JavaBatches}
 * of a row backfill. A batch the engine reports as {@link FailureKind#DATABASE_BUSY} (SQLite's one
 * writer at a time, whose busy handler can starve behind a steady stream of application writes),
 * or whose row locks an application's transaction held past the run's lock timeout, or that lost a
 * deadlock to a writer, gives way and is tried again: every batch is idempotent ({@code col IS NULL}).
 */
public final class Batches {

    private static final int BUSY_ATTEMPTS = 20;

    private final Connection connection;
    private final EngineSupport engine;
    private final BackfillSettings settings;
    private final LockProof lock;
    private final DdlLockRetry ddl;
    private final ReplicaWait replicas;

    Batches(Connection connection, EngineSupport engine, BackfillSettings settings, LockProof lock, DdlLockRetry ddl)
            throws SQLException {
        this.connection = connection;
        this.engine = engine;
        this.settings = settings.withMaxBatchRows(engine.maxBatchRows(connection));
        this.lock = lock;
        this.ddl = ddl;
        this.replicas = engine.replicaWait(settings.maxReplicaLag());
    }

    /** Before every batch: a migrator that lost its lock stops here. */
    void proveHeld() throws SQLException {
        lock.proveHeld();
    }

    /** The connection the batches run on. */
    public Connection connection() {
        return connection;
    }

    /** How backfills batch. */
    public BackfillSettings settings() {
        return settings;
    }

    /** How DDL a backfill sends (the final pass's index) waits for its lock and retries. */
    public DdlLockRetry ddl() {
        return ddl;
    }

    private DSLContext dsl() {
        return DSL.using(connection, engine.info().engine().dialect(),
                new Settings().withRenderQuotedNames(RenderQuotedNames.ALWAYS).withRenderFormatted(false));
    }

    /** The walk over the whole table; returns the rows given their value. */
    long walk(BackfillStatements s, Progress progress) throws SQLException {
        if (s.target().spec().backfill().isJava()) {
            return java(s, progress, true);
        }
        return s.key().kind() == TableKey.Kind.ADDRESS_RANGES ? walkRanges(s, progress) : walkKey(s, progress);
    }

    /**
     * A row backfill over the rows still NULL; each batch committed on its own unless
     * {@code commitEachBatch} is false (it runs inside the caller's transaction then).
     */
    public long java(BackfillStatements s, Progress progress, boolean commitEachBatch) throws SQLException {
        return new JavaBatches(connection, dsl(), engine, s, settings, progress, commitEachBatch, lock, this::between).run();
    }

    /** Fills every row still NULL in one statement (a row backfill walks them): the final pass. */
    public long sweep(BackfillStatements s, Progress progress) throws SQLException {
        if (s.target().spec().backfill().isJava()) {
            return java(s, progress, true);
        }
        // Only the rows written since the walk are NULL: one statement, row locks on those rows only.
        proveHeld();
        DSLContext ctx = dsl();
        int n = yieldingToWriters(() -> ctx.update(s.table()).set(s.assignment()).where(s.column().isNull()).execute());
        progress.batch(n);
        return n;
    }

    /**
     * The final pass outside a table lock: the keys of rows still NULL are read in key order with a
     * plain read (no row lock, at most one batch of keys at a time), and each batch is updated by its
     * key range, {@code col IS NULL} kept, in a transaction of its own; a row backfill walks, and a
     * table walked by address ranges gets {@link #sweep}.
     */
    long keyedSweep(BackfillStatements s, Progress progress) throws SQLException {
        if (s.target().spec().backfill().isJava() || s.key().kind() == TableKey.Kind.ADDRESS_RANGES) {
            return sweep(s, progress);
        }
        DSLContext ctx = dsl();
        Field<?>[] key = s.keyFields();
        BatchSizer size = new BatchSizer(settings, settings.batchSize());
        Object[] after = null;
        while (true) {
            proveHeld();
            Object[] from = after;
            Condition still = from == null ? s.column().isNull() : s.column().isNull().and(s.after(from, false));
            int limit = size.rows();
            java.util.List<Record> keys = yieldingToWriters(() -> ctx.select(key).from(s.table()).where(still)
                    .orderBy(key).limit(limit).fetch());
            if (keys.isEmpty()) {
                return progress.done;
            }
            Object[] last = keys.get(keys.size() - 1).intoArray();
            Condition range = from == null ? s.atMost(last) : s.after(from, false).and(s.atMost(last));
            long t0 = System.nanoTime();
            int n = yieldingToWriters(() -> ctx.update(s.table()).set(s.assignment()).where(range)
                    .and(s.column().isNull()).execute());
            size.adapt(System.nanoTime() - t0);
            progress.batch(n);
            after = last;
            if (keys.size() < limit) {
                return progress.done;
            }
            between();
        }
    }

    private long walkKey(BackfillStatements s, Progress progress) throws SQLException {
        DSLContext ctx = dsl();
        Field<?>[] key = s.keyFields();
        Record first = ctx.select(key).from(s.table()).where(s.column().isNull()).orderBy(key).limit(1).fetchOne();
        if (first == null) {
            return 0;
        }
        Object[] lo = first.intoArray();
        boolean inclusive = true;
        BatchSizer size = new BatchSizer(settings, settings.batchSize());
        while (true) {
            proveHeld();
            Condition after = s.after(lo, inclusive);
            Object[] from = lo;
            boolean incl = inclusive;
            Record hi = yieldingToWriters(() -> ctx.select(key).from(s.table()).where(s.after(from, incl)).orderBy(key)
                    .limit(1).offset(size.rows() - 1).fetchOne());
            Condition range = hi == null ? after : after.and(s.atMost(hi.intoArray()));
            long t0 = System.nanoTime();
            int n = yieldingToWriters(() -> ctx.update(s.table()).set(s.assignment()).where(range)
                    .and(s.column().isNull()).execute());
            size.adapt(System.nanoTime() - t0);
            if (n > 0 || hi != null) {
                progress.batch(n);
            }
            if (hi == null) {
                return progress.done;
            }
            lo = hi.intoArray();
            inclusive = false;
            between();
        }
    }

    // Ranges of the physical address; ranges appended meanwhile are walked too.
    private long walkRanges(BackfillStatements s, Progress progress) throws SQLException {
        AddressRanges ranges = s.key().ranges();
        long units = ranges.size(connection, s.quotedTable());
        long from = 0;
        BatchSizer size = ranges.sizer(settings, units);
        while (from < units) {
            proveHeld();
            long to = from + size.rows();
            long t0 = System.nanoTime();
            long start = from;
            int n = yieldingToWriters(() -> {
                try (Statement st = connection.createStatement()) {
                    return st.executeUpdate(s.rangeUpdate(start, to));
                }
            });
            size.adapt(System.nanoTime() - t0);
            progress.batch(n);
            from = to;
            if (from >= units) {
                units = ranges.size(connection, s.quotedTable());
            } else {
                between();
            }
        }
        return progress.done;
    }

    /** A batch's statement. */
    interface BatchStatement<T> {
        T run() throws SQLException;
    }

    /** What undoes a failed attempt of a batch before it is tried again. */
    interface Undo {
        void undo(Exception failure) throws SQLException;
    }

    private <T> T yieldingToWriters(BatchStatement<T> batch) throws SQLException {
        return yieldingToWriters(engine, connection.getAutoCommit(), e -> { }, batch);
    }

    /**
     * Runs {@code batch}, again when it lost to a writer. Every batch is idempotent (col IS NULL), so
     * one that did is simply run again, after {@code undo}. A lock wait or a deadlock (a Galera node's
     * refused certification among them) is retried only when the batch is a transaction of its own
     * ({@code ownTransaction}): inside a caller's transaction (the final pass's) it has aborted that
     * transaction, which its owner retries whole. A busy SQLite database is always waited for.
     */
    static <T> T yieldingToWriters(EngineSupport engine, boolean ownTransaction, Undo undo, BatchStatement<T> batch)
            throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                return batch.run();
            } catch (SQLException | org.jooq.exception.DataAccessException e) {
                FailureKind kind = FailureKind.of(e, engine);
                boolean lostToWriter = kind == FailureKind.LOCK_TIMEOUT || kind == FailureKind.DEADLOCK;
                boolean retry = kind == FailureKind.DATABASE_BUSY || lostToWriter && ownTransaction;
                if (attempt == BUSY_ATTEMPTS || !retry) {
                    throw e;
                }
                undo.undo(e);
                sleep(20L * attempt);
            }
        }
    }

    /** Between two committed batches: the configured pause, then the wait for lagging replicas. */
    void between() throws SQLException {
        pause();
        replicas.afterBatch(connection);
    }

    private void pause() {
        if (!settings.pause().isZero()) {
            try {
                Thread.sleep(settings.pause().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(Message.INTERRUPTED.format("pausing between batches"), e);
            }
        }
    }

    /** Sleeps, keeping the interrupt for the caller to see. */
    public static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
