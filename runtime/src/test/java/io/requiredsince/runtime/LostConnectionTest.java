package io.requiredsince.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The database ends the migrator's working connection in the middle of a backfill (an operator's
 * {@code pg_terminate_backend} or {@code KILL}, a failover): the error names the migration and the
 * step and carries the connection's own error, the history records the failure through a new
 * connection with exactly the rows the table kept, and the next {@code migrate()} finishes.
 *
 * <p>The kill is timed by a lock: another session ({@link SessionKiller}) holds a row or the table,
 * waits until the migrator's statement waits on it, and kills the session it blocks. The rows of the
 * statement or transaction that was killed are rolled back by the database, so they must not count.
 */
class LostConnectionTest {

    private static final int ROWS = 2_000;
    private static final int BATCH = 50;
    private static final int LATE_ROWS = 20;
    private static final Migration HANDLE = TestMigration.of("2", "accounts", "handle", SqlType.varchar(100),
            Backfill.expression("lower(name)"), false);
    /** What each engine says when the server ended the session: PostgreSQL's admin shutdown, MariaDB's kill. */
    private static final Set<String> CONNECTION_ENDED = Set.of("57P01", "70100", "08000", "08003", "08006", "08S01");

    private static TestDatabase accounts(Supplier<TestDatabase> engine) {
        TestDatabase db = engine.get();
        db.execute("CREATE TABLE accounts (id INTEGER PRIMARY KEY, name VARCHAR(100) NOT NULL)");
        for (int from = 1; from <= ROWS; from += 500) {
            StringBuilder insert = new StringBuilder("INSERT INTO accounts (id, name) VALUES ");
            for (int id = from; id < from + 500; id++) {
                insert.append(id == from ? "" : ", ").append("(").append(id).append(", 'User ").append(id).append("')");
            }
            db.execute(insert.toString());
        }
        return db;
    }

    private static Migrator.Builder migrator(TestDatabase db, MigrationListener listener) {
        // A long final-pass lock wait: the kill, not the lock timeout, ends the wait there.
        return Migrator.configure(db.dataSource).completeImmediately(true)
                .migrations(List.of(HANDLE)).listener(listener).batchSize(BATCH)
                .batchDuration(Duration.ofHours(1)).finalPassLockTimeout(Duration.ofSeconds(60));
    }

    @EngineTest(family = {EngineFamily.POSTGRES, EngineFamily.MARIADB})
    void aConnectionKilledDuringTheWalkIsReportedAndRecordedExactly(Supplier<TestDatabase> engine) throws Exception {
        TestDatabase db = accounts(engine);
        try (SessionKiller killer = SessionKiller.on(db)) {
            MigrationListener listener = new MigrationListener() {
                @Override
                public void stepStarted(String migration, String step, String sql) {
                    if (step.equals("backfill")) {
                        killer.lockRow(ROWS / 2 + 7); // inside a batch, well after the first ones
                    }
                }
            };
            MigrationException e = assertThrows(MigrationException.class, () -> migrator(db, listener).load().migrate());
            killer.assertKilledOne(e);

            assertReportedAndRecorded(db, e, "backfill");
            long kept = filled(db);
            assertTrue(kept >= BATCH && kept < ROWS, "some batches were committed before the kill: " + kept);
        }
        assertSecondRunFinishes(db, ROWS);
    }

    @EngineTest(family = {EngineFamily.POSTGRES, EngineFamily.MARIADB})
    void aConnectionKilledDuringTheFinalPassCountsOnlyCommittedRows(Supplier<TestDatabase> engine) throws Exception {
        TestDatabase db = accounts(engine);
        boolean postgres = !db.isMysqlFamily();
        // PostgreSQL's final pass fills and adds its check in one transaction: the kill comes after the fill,
        // while the check waits for the table, so that the fill's rows are rolled back. Elsewhere the pass is
        // one statement, killed while it waits for a row.
        String finalPass = postgres ? "final pass and check" : "final pass";
        try (SessionKiller killer = SessionKiller.on(db)) {
            MigrationListener listener = new MigrationListener() {
                private boolean lateRowsWritten;

                @Override
                public void stepStarted(String migration, String step, String sql) {
                    if (step.equals(finalPass) && !postgres) {
                        killer.lockRow(-1);
                    }
                }

                @Override
                public void batchDone(BackfillProgress progress) {
                    if (progress.step().equals("backfill") && !lateRowsWritten) {
                        lateRowsWritten = true; // rows an old application instance writes behind the walk
                        db.execute(lateRows());
                    } else if (progress.step().equals(finalPass) && postgres) {
                        assertEquals(LATE_ROWS, progress.batchRows(), "the fill ran, not committed yet");
                        killer.holdTable();
                    }
                }
            };
            MigrationException e = assertThrows(MigrationException.class, () -> migrator(db, listener).load().migrate());
            killer.assertKilledOne(e);

            assertReportedAndRecorded(db, e, finalPass);
            assertEquals(ROWS, filled(db), "the walk's rows are kept, the final pass's are rolled back");
        }
        assertSecondRunFinishes(db, ROWS + LATE_ROWS);
    }

    private static String lateRows() {
        StringBuilder insert = new StringBuilder("INSERT INTO accounts (id, name) VALUES ");
        for (int id = -LATE_ROWS; id < 0; id++) {
            insert.append(id == -LATE_ROWS ? "" : ", ").append("(").append(id).append(", 'Late ").append(-id)
                    .append("')");
        }
        return insert.toString();
    }

    private static void assertReportedAndRecorded(TestDatabase db, MigrationException e, String step) {
        assertEquals("accounts.handle", e.script(), e::toString);
        assertEquals(step, e.step(), e::toString);
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = e; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        assertTrue(chain.stream().anyMatch(t -> t instanceof SQLException s && s.getSQLState() != null
                && CONNECTION_ENDED.contains(s.getSQLState())), () -> "the connection's own error is a cause: " + chain);
        assertTrue(chain.stream().noneMatch(t -> String.valueOf(t.getMessage()).contains("requiredsince_history")),
                () -> "no failure to write the history replaced it: " + chain);
        List<Object> row = db.query("SELECT success, rows_backfilled, step_reached FROM requiredsince_history"
                + " WHERE script = 'accounts.handle'").get(0);
        assertFalse(Boolean.parseBoolean(String.valueOf(row.get(0))) || "1".equals(String.valueOf(row.get(0))));
        assertEquals(filled(db), ((Number) row.get(1)).longValue(),
                "rows_backfilled is the rows that have their value");
        assertEquals(step, row.get(2));
    }

    private static void assertSecondRunFinishes(TestDatabase db, long rows) {
        MigrationReport report = migrator(db, new MigrationListener() { }).load().migrate();
        assertEquals(1, report.applied().size());
        assertEquals(rows, filled(db));
        assertFalse(db.column("accounts", "handle").nullable());
        assertEquals(rows, ((Number) db.single("SELECT rows_backfilled FROM requiredsince_history"
                + " WHERE script = 'accounts.handle'")).longValue(), "both runs' rows, each counted once");
        assertEquals(0L, ((Number) db.single("SELECT COUNT(*) FROM accounts WHERE handle <> lower(name)")).longValue());
    }

    private static long filled(TestDatabase db) {
        return ((Number) db.single("SELECT COUNT(*) FROM accounts WHERE handle IS NOT NULL")).longValue();
    }

    /**
     * Another session of the same database: it takes a lock, and a thread of its own kills the session
     * that comes to wait on it, then lets the lock go.
     */
    private static final class SessionKiller implements AutoCloseable {

        private final TestDatabase db;
        private final boolean postgres;
        private final Connection holder;
        private final long holderId;
        private final List<Long> killed = new ArrayList<>();
        private volatile Throwable failure;
        private Thread thread;

        private SessionKiller(TestDatabase db) throws SQLException {
            this.db = db;
            this.postgres = !db.isMysqlFamily();
            this.holder = db.dataSource.getConnection();
            holder.setAutoCommit(false);
            this.holderId = number(holder, postgres ? "SELECT pg_backend_pid()" : "SELECT CONNECTION_ID()");
            holder.commit();
        }

        static SessionKiller on(TestDatabase db) throws SQLException {
            return new SessionKiller(db);
        }

        /** Locks one row until the session waiting on it is killed. */
        void lockRow(int id) {
            hold("SELECT id FROM accounts WHERE id = " + id + " FOR UPDATE");
        }

        /** Reads the table in an open transaction: DDL on it waits until the session waiting is killed. */
        void holdTable() {
            hold("SELECT id FROM accounts WHERE id = 1");
        }

        private void hold(String query) {
            try {
                number(holder, query);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            thread = new Thread(this::killTheWaiter, "session killer");
            thread.setDaemon(true);
            thread.start();
        }

        private void killTheWaiter() {
            try (Connection monitor = db.dataSource.getConnection()) {
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                Long waiter = null;
                while (waiter == null) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("No session came to wait on the lock");
                    }
                    waiter = blockedBy(monitor);
                    Thread.sleep(10);
                }
                kill(monitor, waiter);
                while (number(monitor, postgres ? "SELECT COUNT(*) FROM pg_stat_activity WHERE pid = " + waiter
                        : "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID = " + waiter) > 0) {
                    Thread.sleep(10);
                }
                synchronized (killed) {
                    killed.add(waiter);
                }
            } catch (Throwable t) {
                failure = t;
            } finally {
                try {
                    holder.rollback();
                } catch (SQLException e) {
                    failure = failure == null ? e : failure;
                }
            }
        }

        /**
         * The one session waiting on a lock the holder has, else null. MariaDB's INNODB_LOCK_WAITS is a cache
         * that drops entries when the server holds many locks (other builds share it), so there the waiter is
         * the session of this database whose UPDATE of accounts has run for half a second: a batch takes
         * milliseconds unless it waits, and only the holder locks rows of this table.
         */
        private Long blockedBy(Connection monitor) throws SQLException {
            String query = postgres
                    ? "SELECT pid FROM pg_stat_activity WHERE " + holderId + " = ANY(pg_blocking_pids(pid))"
                    : "SELECT ID FROM information_schema.PROCESSLIST WHERE DB = DATABASE() AND ID <> CONNECTION_ID()"
                    + " AND ID <> " + holderId + " AND COMMAND = 'Query' AND INFO LIKE 'update `accounts`%'"
                    + " AND TIME_MS >= 500";
            List<Long> waiting = new ArrayList<>();
            try (PreparedStatement ps = monitor.prepareStatement(query); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    waiting.add(rs.getLong(1));
                }
            }
            if (waiting.size() > 1) {
                throw new IllegalStateException("More than one session waits on the lock: " + waiting);
            }
            return waiting.isEmpty() ? null : waiting.get(0);
        }

        private static long number(Connection c, String query) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement(query); ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }

        private void kill(Connection monitor, long session) throws SQLException {
            try (java.sql.Statement st = monitor.createStatement()) {
                // PostgreSQL ends a session with a function, MariaDB with a statement of its own.
                st.execute(postgres ? "SELECT pg_terminate_backend(" + session + ")" : "KILL CONNECTION " + session);
            }
        }

        void assertKilledOne(MigrationException migration) throws InterruptedException {
            if (thread != null) {
                thread.join(Duration.ofSeconds(60).toMillis());
            }
            if (failure != null) {
                AssertionError error = new AssertionError("the killer failed; the migration ended with " + migration,
                        failure);
                error.addSuppressed(migration);
                throw error;
            }
            synchronized (killed) {
                assertEquals(1, killed.size(), "the migrator's session was killed once");
            }
        }

        @Override
        public void close() throws SQLException {
            holder.rollback();
            holder.close();
        }
    }
}
