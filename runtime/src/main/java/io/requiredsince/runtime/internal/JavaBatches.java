package io.requiredsince.runtime.internal;

import io.requiredsince.runtime.RowBackfill;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.SelectFieldOrAsterisk;
import org.jooq.impl.DSL;

/**
 * A {@link RowBackfill} over a table: reads the rows still NULL in key order, one batch at a time
 * (memory holds one batch, never the table), computes each value in Java and writes the batch back
 * with one JDBC batch of {@code UPDATE … WHERE key = ? AND col IS NULL}, committed on its own unless
 * it runs inside the final pass's transaction.
 */
final class JavaBatches {

    private static final String ROW_ADDRESS = "requiredsince_row_address";

    private final Connection connection;
    private final DSLContext ctx;
    private final EngineSupport engine;
    private final BackfillStatements s;
    private final BackfillSettings settings;
    private final Progress progress;
    private final boolean commitEachBatch;
    private final LockProof lock;
    private final RowBackfill<?> function;
    private final String update;
    private final Connections.Work between;

    JavaBatches(Connection connection, DSLContext ctx, EngineSupport engine, BackfillStatements s,
                BackfillSettings settings, Progress progress, boolean commitEachBatch, LockProof lock,
                Connections.Work between) {
        this.lock = lock;
        this.between = between;
        this.connection = connection;
        this.ctx = ctx;
        this.engine = engine;
        this.s = s;
        this.settings = settings;
        this.progress = progress;
        this.commitEachBatch = commitEachBatch;
        this.function = RowBackfills.instantiate(s.target().spec().backfill());
        this.update = s.javaUpdate("?");
    }

    long run() throws SQLException {
        boolean auto = connection.getAutoCommit();
        if (commitEachBatch) {
            connection.setAutoCommit(false);
        }
        Throwable failure = null;
        try (PreparedStatement ps = connection.prepareStatement(update)) {
            if (s.key().kind() == TableKey.Kind.ADDRESS_RANGES) {
                runByRanges(ps);
            } else {
                runByKey(ps);
            }
            return progress.done;
        } catch (SQLException | RuntimeException e) {
            failure = e;
            if (commitEachBatch) {
                Connections.rollback(connection, e);
            }
            throw e;
        } finally {
            if (commitEachBatch) {
                Connections.restoreAutoCommit(connection, auto, failure);
            }
        }
    }

    private void runByKey(PreparedStatement ps) throws SQLException {
        Field<?>[] key = s.keyFields();
        boolean rowid = s.key().kind() == TableKey.Kind.ADDRESS;
        SelectFieldOrAsterisk[] select = rowid ? withRow(key[0].as(ROW_ADDRESS)) : withRow();
        BatchSizer size = new BatchSizer(settings, settings.batchSize());
        Object[] lo = null;
        while (true) {
            lock.proveHeld();
            Condition after = lo == null ? DSL.noCondition() : s.after(lo, false);
            int asked = size.rows();
            long t0 = System.nanoTime();
            List<Record> read = new ArrayList<>();
            int written = yieldingToWriters(ps, () -> {
                Result<Record> rows = ctx.select(select).from(s.table()).where(after).and(s.column().isNull())
                        .orderBy(key).limit(asked).fetch();
                endRead();
                for (Record r : rows) {
                    Object[] k = rowid ? new Object[] {r.get(ROW_ADDRESS)} : keyOf(r);
                    bind(ps, r, k);
                }
                read.clear();
                read.addAll(rows);
                return flush(ps, rows.size());
            });
            if (read.isEmpty()) {
                return;
            }
            done(written);
            size.adapt(System.nanoTime() - t0);
            Record last = read.get(read.size() - 1);
            lo = rowid ? new Object[] {last.get(ROW_ADDRESS)} : keyOf(last);
            if (read.size() < asked) {
                return;
            }
        }
    }

    private void runByRanges(PreparedStatement ps) throws SQLException {
        AddressRanges ranges = s.key().ranges();
        long from = 0;
        long units = ranges.size(connection, s.quotedTable());
        BatchSizer size = ranges.sizer(settings, units);
        SelectFieldOrAsterisk[] select = withRow(DSL.field(ranges.asText()).as(ROW_ADDRESS));
        while (from < units) {
            lock.proveHeld();
            long to = from + size.rows();
            long t0 = System.nanoTime();
            long start = from;
            int written = yieldingToWriters(ps, () -> {
                Result<Record> rows = ctx.select(select).from(s.table())
                        .where(DSL.condition(ranges.from(Long.toString(start))))
                        .and(DSL.condition(ranges.before(Long.toString(to)))).and(s.column().isNull()).fetch();
                endRead();
                for (Record r : rows) {
                    bind(ps, r, new Object[] {r.get(ROW_ADDRESS)});
                }
                return flush(ps, rows.size());
            });
            done(written);
            size.adapt(System.nanoTime() - t0);
            from = to;
            if (from >= units) {
                units = ranges.size(connection, s.quotedTable());
            }
        }
    }

    /**
     * {@code first} and the row's columns as the engine reads them for the function: {@code *}, unless
     * the engine reads some column its own way. The columns come from the table's metadata; no row is read.
     */
    private SelectFieldOrAsterisk[] withRow(SelectFieldOrAsterisk... first) {
        Field<?>[] reported = ctx.select(DSL.asterisk()).from(s.table()).where(DSL.falseCondition()).fetch().fields();
        Field<?>[] read = Arrays.stream(reported).map(engine::rowField).toArray(Field<?>[]::new);
        boolean asReported = Arrays.equals(read, reported, (a, b) -> a == b ? 0 : 1);
        SelectFieldOrAsterisk[] row = asReported ? new SelectFieldOrAsterisk[] {DSL.asterisk()} : read;
        SelectFieldOrAsterisk[] all = Arrays.copyOf(first, first.length + row.length);
        System.arraycopy(row, 0, all, first.length, row.length);
        return all;
    }

    /**
     * Ends the read before the batch writes: SQLite cannot turn a read into a write while another
     * connection writes (it answers busy at once instead of waiting), and the write needs nothing
     * of the read's snapshot, since it only fills rows still NULL.
     */
    private void endRead() throws SQLException {
        if (commitEachBatch) {
            connection.commit();
        }
    }

    private Object[] keyOf(Record r) {
        return s.key().columns().stream().map(r::get).toArray();
    }

    private void bind(PreparedStatement ps, Record r, Object[] key) throws SQLException {
        Map<String, Object> row = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Field<?> f : r.fields()) {
            if (!f.getName().equals(ROW_ADDRESS)) {
                row.put(f.getName(), r.get(f));
            }
        }
        Object value = function.compute(Collections.unmodifiableMap(row));
        if (value == null) {
            throw Message.ROW_BACKFILL_RETURNED_NULL.failure(s.target().spec().backfill().sql(), s.target().table(),
                    s.key().describe(), Arrays.toString(key));
        }
        ps.setObject(1, engine.jdbcValue(value, s.target().spec().type()));
        for (int i = 0; i < key.length; i++) {
            ps.setObject(i + 2, key[i]);
        }
        ps.addBatch();
    }

    /**
     * A batch, read, computed and written, run again when it lost to a writer: each is a transaction
     * of its own when batches commit, so a lock wait or a deadlock (a Galera node's refused
     * certification) is rolled back and retried like a SQL batch's.
     */
    private int yieldingToWriters(PreparedStatement ps, Batches.BatchStatement<Integer> batch) throws SQLException {
        return Batches.yieldingToWriters(engine, commitEachBatch, e -> {
            ps.clearBatch();
            if (commitEachBatch) {
                Connections.rollback(connection, e); // never the caller's transaction
            }
        }, batch);
    }

    /** Writes the bound batch of {@code rows} and commits it when batches commit; the rows written. */
    private int flush(PreparedStatement ps, int rows) throws SQLException {
        int written = 0;
        if (rows > 0) {
            for (int n : ps.executeBatch()) {
                written += n == java.sql.Statement.SUCCESS_NO_INFO ? 1 : Math.max(0, n);
            }
        }
        if (commitEachBatch) {
            connection.commit();
        }
        return written;
    }

    /** A batch is in: progress, then the pause between batches when they commit. */
    private void done(int written) throws SQLException {
        progress.batch(written);
        if (commitEachBatch) {
            between.run();
        }
    }
}
