package io.requiredsince.runtime.internal;

import io.requiredsince.runtime.ExecutedStep;
import io.requiredsince.runtime.RowBackfill;
import io.requiredsince.runtime.internal.Step.Guard;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

/**
 * The backfill engine: fills the rows whose new column is still NULL in batches, each batch its own
 * short transaction, so no lock is held for long and a run that dies loses at most the batch in
 * flight. The next run starts at the first row still NULL: rows already done are never written
 * again.
 *
 * <p>Batches walk the table in ascending key order ({@link TableKey}): the primary key (composite
 * keys included), else SQLite's rowid or PostgreSQL's ctid in block ranges. The batch size adapts so
 * that a batch takes about {@link BackfillSettings#batchDuration()}. A SQL backfill runs one
 * {@code UPDATE … WHERE key in range AND col IS NULL} per batch; a {@link RowBackfill} reads a
 * batch of rows, computes the values in Java and writes them back in one JDBC batch
 * ({@link JavaBatches}).
 *
 * <p>Rows that old application instances insert without the column while the walk runs are caught
 * by the final pass ({@link Pass#SWEEP}); on PostgreSQL the final pass takes a short lock under
 * {@code lock_timeout} and adds the NOT NULL check in the same transaction, so no NULL can slip in
 * between ({@link Pass#LOCKED_SWEEP_AND_CHECK}).
 */
public final class Backfiller {

    private static final System.Logger LOG = System.getLogger("io.requiredsince");

    /** The step names reports and listeners see. */
    public static final String WALK_STEP = "backfill";
    public static final String SWEEP_STEP = "final pass";
    public static final String LOCKED_STEP = "final pass and check";

    /** What a backfill step does. */
    public enum Pass {
        /** The batched walk over the whole table. */
        WALK,
        /** Rows still NULL after the walk (written meanwhile): one more pass, then the runner checks none are left. */
        SWEEP,
        /** PostgreSQL: the final pass under a table lock, and {@code ADD CONSTRAINT … CHECK … NOT VALID} before it ends. */
        LOCKED_SWEEP_AND_CHECK
    }

    /**
     * A backfill step's work. As a {@link Step.Script} it renders, for {@code plan()}, a
     * representative statement of what each batch runs against the live key; the runner hands it to
     * a {@link Backfiller} to run.
     */
    public record Work(Target target, Sql sql, Pass pass) implements Step.Script {
        @Override
        public List<String> render(Connection connection) throws SQLException {
            TableKey key = TableKey.discover(connection, sql.engine(), target);
            return new BackfillStatements(sql, target, key).representative(pass);
        }

        @Override
        public void run(Connection connection, List<String> statements) {
            throw new UnsupportedOperationException("A backfill step is run by the Backfiller");
        }
    }

    /** The batched walk, guarded like every backfill by {@code col IS NULL}. */
    static Step walk(Sql sql, Target target) {
        return new Step(WALK_STEP, sql.backfillAll(target), Guard.COLUMN_NULLABLE, UnaryOperator.identity(), true,
                new Work(target, sql, Pass.WALK));
    }

    /** The final pass over rows written while the walk ran. */
    static Step sweep(Sql sql, Target target) {
        return new Step(SWEEP_STEP, sql.backfillAll(target), Guard.COLUMN_NULLABLE, UnaryOperator.identity(), true,
                new Work(target, sql, Pass.SWEEP));
    }

    /** The batched walk then the final pass: what every engine but PostgreSQL runs before tightening. */
    static List<Step> walkAndSweep(Sql sql, Target target) {
        return List.of(walk(sql, target), sweep(sql, target));
    }

    /** PostgreSQL's final pass: under a short lock, and adding the NOT VALID check before the lock is released. */
    static Step lockedSweepAndCheck(Sql sql, Target target) {
        return new Step(LOCKED_STEP, sql.addNotNullCheck(target), Guard.CHECK_ABSENT,
                c -> c.withCheck(LiveColumn.Check.NOT_VALID), true, new Work(target, sql, Pass.LOCKED_SWEEP_AND_CHECK));
    }

    /** A backfill that stopped part way: the rows of the committed batches keep their values. */
    public static final class BatchFailure extends RuntimeException {
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

    private final Connection connection;
    private final EngineInfo engine;
    private final BackfillSettings settings;

    public Backfiller(Connection connection, EngineInfo engine, BackfillSettings settings) {
        this.connection = connection;
        this.engine = engine;
        this.settings = settings;
    }

    /** Runs one backfill step of migration {@code migration}. */
    public ExecutedStep run(String migration, Step step, Work work) throws SQLException {
        long t0 = System.nanoTime();
        Target target = work.target();
        TableKey key = TableKey.discover(connection, engine, target);
        BackfillStatements statements = new BackfillStatements(work.sql(), target, key);
        String shown = Step.joined(statements.representative(work.pass()));
        Progress progress = new Progress(settings, migration, step.name(), target, countNulls(work.sql(), target));
        long rows;
        int busyTimeout = engine.engine() == Engine.SQLITE ? waitForWriters() : -1;
        try {
            rows = switch (work.pass()) {
                case WALK -> walk(statements, progress, true);
                case SWEEP -> sweep(statements, progress);
                case LOCKED_SWEEP_AND_CHECK -> lockedSweepAndCheck(statements, progress);
            };
        } catch (SQLException | RuntimeException e) {
            if (e instanceof BatchFailure) {
                throw e;
            }
            throw new BatchFailure("after " + progress.done + " row(s) in " + progress.batches
                    + " committed batch(es), which keep their values (a rerun continues with the rows still NULL): "
                    + e.getMessage(), progress.done, e);
        } finally {
            if (busyTimeout == 0) {
                try (Statement st = connection.createStatement()) {
                    st.execute("pragma busy_timeout = 0");
                }
            }
        }
        progress.finished();
        return new ExecutedStep(step.name(), shown, rows, Duration.ofNanos(System.nanoTime() - t0));
    }

    // SQLite has one writer at a time: without a busy timeout a batch fails at once when the application writes.
    private int waitForWriters() throws SQLException {
        try (Statement st = connection.createStatement(); java.sql.ResultSet rs = st.executeQuery("pragma busy_timeout")) {
            int current = rs.next() ? rs.getInt(1) : 0;
            if (current == 0) {
                st.execute("pragma busy_timeout = " + Math.max(1, settings.lockTimeout().toMillis()));
            }
            return current;
        }
    }

    private long countNulls(Sql sql, Target target) throws SQLException {
        try (Statement st = connection.createStatement(); java.sql.ResultSet rs = st.executeQuery(sql.countNulls(target))) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private DSLContext dsl() {
        return DSL.using(connection, engine.engine().dialect(),
                new Settings().withRenderQuotedNames(RenderQuotedNames.ALWAYS).withRenderFormatted(false));
    }

    // ---- the walk ----

    private long walk(BackfillStatements s, Progress progress, boolean commitEachBatch) throws SQLException {
        if (s.target().spec().backfill().isJava()) {
            return new JavaBatches(connection, dsl(), s, settings, progress, commitEachBatch).run();
        }
        return s.key().kind() == TableKey.Kind.CTID ? walkCtid(s, progress) : walkKey(s, progress);
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
            pause();
        }
    }

    // No primary key on PostgreSQL: ranges of heap blocks; blocks appended meanwhile are walked too.
    private long walkCtid(BackfillStatements s, Progress progress) throws SQLException {
        long blocks = relationBlocks(s);
        long from = 0;
        BatchSizer size = BatchSizer.forBlocks(settings, engine, blocks);
        while (from < blocks) {
            long to = from + size.rows();
            long t0 = System.nanoTime();
            int n;
            try (Statement st = connection.createStatement()) {
                n = st.executeUpdate(s.ctidUpdate(from, to));
            }
            size.adapt(System.nanoTime() - t0);
            progress.batch(n);
            from = to;
            if (from >= blocks) {
                blocks = relationBlocks(s);
            } else {
                pause();
            }
        }
        return progress.done;
    }

    private long relationBlocks(BackfillStatements s) throws SQLException {
        try (java.sql.PreparedStatement ps = connection.prepareStatement(
                "select pg_relation_size(to_regclass(?)) / current_setting('block_size')::bigint")) {
            ps.setString(1, s.regclass());
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static final int BUSY_ATTEMPTS = 20;

    /**
     * SQLite has one writer at a time and its busy handler can starve behind a steady stream of
     * application writes: a batch that found the database locked gives way and is tried again (it is
     * idempotent: {@code col IS NULL}).
     */
    private <T> T yieldingToWriters(java.util.function.Supplier<T> batch) {
        for (int attempt = 1; ; attempt++) {
            try {
                return batch.get();
            } catch (org.jooq.exception.DataAccessException e) {
                if (engine.engine() != Engine.SQLITE || attempt == BUSY_ATTEMPTS || !isBusy(e)) {
                    throw e;
                }
                sleep(20L * attempt);
            }
        }
    }

    private static boolean isBusy(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && (sql.getErrorCode() == 5 || sql.getErrorCode() == 6
                    || String.valueOf(sql.getMessage()).contains("SQLITE_BUSY"))) {
                return true;
            }
        }
        return false;
    }

    private void pause() {
        if (!settings.pause().isZero()) {
            try {
                Thread.sleep(settings.pause().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted between batches", e);
            }
        }
    }

    // ---- the final pass ----

    private long sweep(BackfillStatements s, Progress progress) throws SQLException {
        if (s.target().spec().backfill().isJava()) {
            return walk(s, progress, true);
        }
        // Only the rows written since the walk are NULL: one statement, row locks on those rows only.
        DSLContext ctx = dsl();
        int n = yieldingToWriters(() -> ctx.update(s.table()).set(s.assignment()).where(s.column().isNull()).execute());
        progress.batch(n);
        return n;
    }

    private static final int LOCK_ATTEMPTS = 10;

    private long lockedSweepAndCheck(BackfillStatements s, Progress progress) throws SQLException {
        // A partial index over the rows still NULL, built without blocking writers, keeps the locked
        // pass from scanning the whole table while writers wait. A run killed while building it left
        // an INVALID index of that name, which "if not exists" would keep and the planner ignores.
        dropInvalidNullsIndex(s);
        try (Statement st = connection.createStatement()) {
            st.execute(s.createNullsIndex());
        }
        long rows;
        try {
            rows = lockedPass(s, progress);
        } catch (SQLException | RuntimeException e) {
            dropNullsIndex(s, e);
            throw e;
        }
        dropNullsIndex(s, null);
        return rows;
    }

    private void dropInvalidNullsIndex(BackfillStatements s) throws SQLException {
        boolean invalid;
        try (java.sql.PreparedStatement ps = connection.prepareStatement(
                "select not indisvalid from pg_index where indexrelid = to_regclass(?)")) {
            ps.setString(1, s.nullsIndexName());
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                invalid = rs.next() && rs.getBoolean(1);
            }
        }
        if (invalid) {
            LOG.log(System.Logger.Level.INFO, () -> "Final pass on " + s.target().table() + ": dropping the invalid index "
                    + s.nullsIndexName() + " an interrupted run left, to build it again");
            try (Statement st = connection.createStatement()) {
                st.execute(s.dropNullsIndex());
            }
        }
    }

    // Best effort: the index only speeds up the final pass; a failure to drop it never hides the pass's own error.
    private void dropNullsIndex(BackfillStatements s, Exception failure) {
        try (Statement st = connection.createStatement()) {
            st.execute(s.dropNullsIndex());
        } catch (SQLException | RuntimeException e) {
            if (failure != null) {
                failure.addSuppressed(e);
            }
            LOG.log(System.Logger.Level.WARNING, () -> "Could not drop the final pass's index " + s.nullsIndexName()
                    + " on " + s.target().table() + " (drop it by hand: " + s.dropNullsIndex() + "): " + e.getMessage());
        }
    }

    private long lockedPass(BackfillStatements s, Progress progress) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            boolean auto = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try (Statement st = connection.createStatement()) {
                st.execute("set local lock_timeout = " + Math.max(1, settings.lockTimeout().toMillis()));
                // Writers wait (readers do not) while the last NULL rows are filled and the check goes in.
                st.execute("lock table " + s.quotedTable() + " in share row exclusive mode");
                long rows = s.target().spec().backfill().isJava() ? walk(s, progress, false) : sweep(s, progress);
                long left = countNulls(s.sql(), s.target());
                if (left > 0) {
                    connection.rollback();
                    throw new IllegalStateException(left + " row(s) of " + s.target().table() + " still have "
                            + s.target().column() + " NULL after the backfill: " + (s.target().spec().backfill().isJava()
                            ? "the row backfill " + s.target().spec().backfill().sql() + " did not reach them"
                            : "the backfill \"" + s.target().spec().backfill().sql() + "\" yields NULL for them. Make it"
                            + " never NULL, e.g. coalesce(" + s.target().spec().backfill().sql() + ", <fallback>)"));
                }
                st.execute(s.sql().addNotNullCheck(s.target()));
                connection.commit();
                return rows;
            } catch (SQLException e) {
                connection.rollback();
                // 55P03: a lock not granted within lock_timeout. 40P01: a deadlock, possible when ADD CONSTRAINT
                // upgrades the table lock to ACCESS EXCLUSIVE while another session waits on it.
                boolean timeout = "55P03".equals(e.getSQLState());
                boolean deadlock = "40P01".equals(e.getSQLState());
                if (!(timeout || deadlock) || attempt == LOCK_ATTEMPTS) {
                    throw timeout || deadlock ? new SQLException("The final pass could not lock table "
                            + s.target().table() + (timeout ? " within lock_timeout " + settings.lockTimeout().toMillis()
                            + " ms" : " without a deadlock") + " in " + LOCK_ATTEMPTS + " attempts: a long transaction"
                            + " holds it; end it or raise Migrator.configure(..).finalPassLockTimeout, then run migrate() again", e.getSQLState(), e)
                            : e;
                }
                LOG.log(System.Logger.Level.INFO, () -> "Final pass on " + s.target().table() + ": " + (timeout
                        ? "lock not granted within lock_timeout" : "deadlock with another session")
                        + ", the application goes first; retrying");
                sleep(100L * attempt);
            } catch (RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(auto);
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Keeps batches near the target duration: halves or doubles at most per batch. */
    static final class BatchSizer {
        private static final int MAX = 1_000_000;
        private final long targetNanos;
        private int rows;

        BatchSizer(BackfillSettings settings, int start) {
            this(settings.batchDuration().toNanos(), start);
        }

        private BatchSizer(long targetNanos, int start) {
            this.targetNanos = targetNanos;
            this.rows = Math.max(1, start);
        }

        /**
         * Block ranges for a ctid walk over {@code blocks} heap blocks; ~50 rows per block for narrow
         * rows, so the first range holds about {@code batchSize} rows. Before PostgreSQL 14 there is
         * no TID range scan: every range costs a full scan of the table whatever its size, and
         * shrinking towards one block would mean one full scan per block. There the range is fixed
         * at a sixteenth of the table: at most about 16 scans, each batch holding that many rows.
         */
        static BatchSizer forBlocks(BackfillSettings settings, EngineInfo engine, long blocks) {
            int start = Math.max(1, settings.batchSize() / 50);
            if (engine.major() < 14) {
                return new BatchSizer(0, (int) Math.max(start, Math.min(MAX, (blocks + 15) / 16)));
            }
            return new BatchSizer(settings, start);
        }

        int rows() {
            return rows;
        }

        void adapt(long tookNanos) {
            if (targetNanos == 0) {
                return;
            }
            double factor = Math.max(0.5, Math.min(2.0, (double) targetNanos / Math.max(1, tookNanos)));
            rows = (int) Math.max(1, Math.min(MAX, Math.round(rows * factor)));
        }
    }

    /** Counts, reports to the listener and logs about every 5 seconds. */
    static final class Progress {
        private static final long LOG_EVERY_NANOS = Duration.ofSeconds(5).toNanos();
        private final BackfillSettings settings;
        private final String migration;
        private final String step;
        private final Target target;
        private final long total;
        private final long start = System.nanoTime();
        private long lastLog = start;
        long done;
        long batches;

        Progress(BackfillSettings settings, String migration, String step, Target target, long total) {
            this.settings = settings;
            this.migration = migration;
            this.step = step;
            this.target = target;
            this.total = total;
        }

        void batch(int rows) {
            batches++;
            done += rows;
            long now = System.nanoTime();
            Duration elapsed = Duration.ofNanos(now - start);
            double rate = done / Math.max(1e-9, elapsed.toNanos() / 1e9);
            Duration eta = rate <= 0 || done >= total ? Duration.ZERO
                    : Duration.ofMillis((long) ((total - done) / rate * 1000));
            settings.listener().batchDone(new io.requiredsince.runtime.BackfillProgress(migration, step, batches, rows,
                    done, total, rate, elapsed, eta));
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
}
