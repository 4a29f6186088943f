package io.requiredsince.runtime.internal;

import io.requiredsince.runtime.RowBackfill;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Collections;
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
    private final BackfillStatements s;
    private final BackfillSettings settings;
    private final Backfiller.Progress progress;
    private final boolean commitEachBatch;
    private final RowBackfill<?> function;
    private final String update;

    JavaBatches(Connection connection, DSLContext ctx, BackfillStatements s, BackfillSettings settings,
                Backfiller.Progress progress, boolean commitEachBatch) {
        this.connection = connection;
        this.ctx = ctx;
        this.s = s;
        this.settings = settings;
        this.progress = progress;
        this.commitEachBatch = commitEachBatch;
        this.function = s.target().spec().backfill().newRowBackfill();
        String column = s.sql().quoted(DSL.name(s.target().column()));
        this.update = "update " + s.quotedTable() + " set " + column + " = ? where " + s.keyEquals() + " and "
                + column + " is null";
    }

    long run() throws SQLException {
        boolean auto = connection.getAutoCommit();
        if (commitEachBatch) {
            connection.setAutoCommit(false);
        }
        try (PreparedStatement ps = connection.prepareStatement(update)) {
            if (s.key().kind() == TableKey.Kind.CTID) {
                runByBlocks(ps);
            } else {
                runByKey(ps);
            }
            return progress.done;
        } catch (SQLException | RuntimeException e) {
            if (commitEachBatch) {
                connection.rollback();
            }
            throw e;
        } finally {
            if (commitEachBatch) {
                connection.setAutoCommit(auto);
            }
        }
    }

    private void runByKey(PreparedStatement ps) throws SQLException {
        Field<?>[] key = s.keyFields();
        boolean rowid = s.key().kind() == TableKey.Kind.ROWID;
        SelectFieldOrAsterisk[] select = rowid ? new SelectFieldOrAsterisk[] {key[0].as(ROW_ADDRESS), DSL.asterisk()}
                : new SelectFieldOrAsterisk[] {DSL.asterisk()};
        Backfiller.BatchSizer size = new Backfiller.BatchSizer(settings, settings.batchSize());
        Object[] lo = null;
        while (true) {
            Condition after = lo == null ? DSL.noCondition() : s.after(lo, false);
            int asked = size.rows();
            long t0 = System.nanoTime();
            Result<Record> rows = ctx.select(select).from(s.table()).where(after).and(s.column().isNull())
                    .orderBy(key).limit(asked).fetch();
            if (rows.isEmpty()) {
                return;
            }
            for (Record r : rows) {
                Object[] k = rowid ? new Object[] {r.get(ROW_ADDRESS)} : keyOf(r);
                bind(ps, r, k);
            }
            write(ps, rows.size());
            size.adapt(System.nanoTime() - t0);
            Record last = rows.get(rows.size() - 1);
            lo = rowid ? new Object[] {last.get(ROW_ADDRESS)} : keyOf(last);
            if (rows.size() < asked) {
                return;
            }
        }
    }

    private void runByBlocks(PreparedStatement ps) throws SQLException {
        long from = 0;
        long blocks = blocks();
        Backfiller.BatchSizer size = Backfiller.BatchSizer.forBlocks(settings, s.sql().engine(), blocks);
        while (from < blocks) {
            long to = from + size.rows();
            long t0 = System.nanoTime();
            Result<Record> rows = ctx.select(DSL.field("ctid::text").as(ROW_ADDRESS), DSL.asterisk()).from(s.table())
                    .where(DSL.condition("ctid >= '(" + from + ",0)'::tid"))
                    .and(DSL.condition("ctid < '(" + to + ",0)'::tid")).and(s.column().isNull()).fetch();
            for (Record r : rows) {
                bind(ps, r, new Object[] {r.get(ROW_ADDRESS)});
            }
            write(ps, rows.size());
            size.adapt(System.nanoTime() - t0);
            from = to;
            if (from >= blocks) {
                blocks = blocks();
            }
        }
    }

    private long blocks() {
        return ctx.fetchValue("select pg_relation_size(to_regclass({0})) / current_setting('block_size')::bigint",
                DSL.val(s.regclass())) instanceof Number n ? n.longValue() : 0;
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
            throw new IllegalStateException("The row backfill " + s.target().spec().backfill().sql()
                    + " returned null for the row of " + s.target().table() + " with " + s.key().describe() + " = "
                    + Arrays.toString(key) + ": return a value for every row");
        }
        ps.setObject(1, jdbcValue(value, s.sql().engine().engine(), s.target().spec().type()));
        for (int i = 0; i < key.length; i++) {
            ps.setObject(i + 2, key[i]);
        }
        ps.addBatch();
    }

    /**
     * The value as the engine's driver takes it: pgjdbc refuses {@link java.time.Instant} and
     * {@link java.time.ZonedDateTime} (an {@link java.time.OffsetDateTime} at UTC goes instead), Derby
     * and SQLite take no {@code java.time} value at all ({@link java.sql.Timestamp}, {@link java.sql.Date},
     * {@link java.sql.Time} go instead, in the JVM's time zone like every JDBC timestamp), and a
     * {@link java.util.UUID} is written as its text except into a native {@code uuid} column of
     * PostgreSQL, H2 or HSQLDB.
     */
    static Object jdbcValue(Object value, Engine engine, io.requiredsince.runtime.SqlType type) {
        boolean noJavaTime = engine == Engine.DERBY || engine == Engine.SQLITE;
        if (value instanceof Enum<?> e) {
            return e.name();
        }
        if (value instanceof java.util.UUID uuid) {
            boolean nativeUuid = (engine == Engine.POSTGRES || engine == Engine.H2 || engine == Engine.HSQLDB)
                    && (type.kind() == io.requiredsince.runtime.SqlType.Kind.UUID
                    || type.kind() == io.requiredsince.runtime.SqlType.Kind.EXPLICIT
                    && type.sql().toLowerCase(java.util.Locale.ROOT).startsWith("uuid"));
            return nativeUuid ? uuid : uuid.toString();
        }
        if (value instanceof java.time.Instant instant) {
            return noJavaTime || engine == Engine.MYSQL || engine == Engine.MARIADB ? java.sql.Timestamp.from(instant)
                    : java.time.OffsetDateTime.ofInstant(instant, java.time.ZoneOffset.UTC);
        }
        if (value instanceof java.time.ZonedDateTime zoned) {
            return noJavaTime ? java.sql.Timestamp.from(zoned.toInstant()) : zoned.toOffsetDateTime();
        }
        if (noJavaTime) {
            if (value instanceof java.time.OffsetDateTime odt) {
                return java.sql.Timestamp.from(odt.toInstant());
            }
            if (value instanceof java.time.LocalDateTime ldt) {
                return java.sql.Timestamp.valueOf(ldt);
            }
            if (value instanceof java.time.LocalDate ld) {
                return java.sql.Date.valueOf(ld);
            }
            if (value instanceof java.time.LocalTime lt) {
                return java.sql.Time.valueOf(lt);
            }
        }
        return value;
    }

    private void write(PreparedStatement ps, int rows) throws SQLException {
        int written = 0;
        if (rows > 0) {
            for (int n : ps.executeBatch()) {
                written += n == java.sql.Statement.SUCCESS_NO_INFO ? 1 : Math.max(0, n);
            }
        }
        if (commitEachBatch) {
            connection.commit();
        }
        progress.batch(written);
        if (commitEachBatch && !settings.pause().isZero()) {
            try {
                Thread.sleep(settings.pause().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted between batches", e);
            }
        }
    }
}
