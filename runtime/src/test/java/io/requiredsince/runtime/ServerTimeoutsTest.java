package io.requiredsince.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * The limits production databases set for every session — {@code statement_timeout},
 * {@code lock_timeout}, {@code idle_session_timeout} per database on PostgreSQL, a pool's
 * {@code max_statement_time} on MariaDB — do not stop a run: its statements run under limits it
 * chose, every lock wait is bounded and retried, and the application's connection gets its own
 * settings back. A concurrent index build that waits on a transaction idle in its client stops at
 * once and names it; the next run drops the invalid index it left, under a 5 ms {@code lock_timeout}.
 */
class ServerTimeoutsTest {

    private static final Migration SLUG = TestMigration.of("1", "organizations", "slug", SqlType.varchar(100),
            Backfill.expression("lower(name)"), false);

    /** Sets {@code settings} for every new session of the test's own database. */
    private static void forEverySession(TestDatabase db, String... settings) {
        String database = (String) db.single("SELECT current_database()");
        for (String setting : settings) {
            db.execute("ALTER DATABASE \"" + database + "\" SET " + setting);
        }
    }

    private static HikariDataSource poolOfOne(DataSource dataSource) {
        return poolOfOne(dataSource, null);
    }

    /** A pool of one connection, each set up by {@code initSql} as the pool's connectionInitSql does. */
    private static HikariDataSource poolOfOne(DataSource dataSource, String initSql) {
        HikariConfig config = new HikariConfig();
        config.setConnectionInitSql(initSql);
        config.setDataSource(dataSource);
        config.setMaximumPoolSize(1);
        config.setMinimumIdle(0);
        config.setConnectionTimeout(10_000);
        return new HikariDataSource(config);
    }

    private static String setting(DataSource dataSource, String query) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
             var rs = st.executeQuery(query)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void assertMigrated(TestDatabase db, int rows) {
        assertEquals(0L, ((Number) db.single("SELECT count(*) FROM organizations WHERE slug IS NULL"
                + " OR slug <> lower(name)")).longValue(), "every row has lower(name)");
        assertEquals((long) rows, ((Number) db.single("SELECT count(*) FROM organizations")).longValue());
        assertFalse(db.column("organizations", "slug").nullable(), "slug is NOT NULL");
    }

    @EngineTest(family = EngineFamily.POSTGRES)
    void aStatementTimeoutOfTheDatabaseDoesNotCutTheRunsStatementsShortAndStaysTheApplications(TestDatabase db)
            throws Exception {
        LockLossTest.organizations(db, 1500);
        // One millisecond per row: a batch of 1,000 rows takes a second, over three times the limit.
        db.execute("CREATE FUNCTION slow_lower(t text) RETURNS text VOLATILE LANGUAGE sql"
                + " AS 'SELECT lower(t) FROM pg_sleep(0.001)'");
        forEverySession(db, "statement_timeout = '300ms'");
        SQLException cut = db.tryExecute("SELECT pg_sleep(0.6)");
        assertNotNull(cut, "the database's statement_timeout is on");
        assertEquals("57014", cut.getSQLState());

        Migration slow = TestMigration.of("1", "organizations", "slug", SqlType.varchar(100),
                Backfill.expression("slow_lower(name)"), false);
        try (HikariDataSource pool = poolOfOne(db.dataSource)) {
            MigrationReport report = Migrator.configure(pool).completeImmediately(true)
                    .migrations(List.of(slow)).batchSize(1000)
                    .batchDuration(Duration.ZERO).load().migrate();
            assertEquals(1, report.applied().size());
            assertEquals("300ms", setting(pool, "SHOW statement_timeout"),
                    "the pool's connection has the database's statement_timeout back");
            assertEquals("0", setting(pool, "SHOW lock_timeout"), "and its own lock_timeout");
        }
        assertMigrated(db, 1500);
    }

    /** 1,500 organizations, in a database whose every session has {@code synchronous_commit = 'local'}. */
    private static void organizationsWithSynchronousCommitLocal(TestDatabase db) {
        LockLossTest.organizations(db, 1500);
        forEverySession(db, "synchronous_commit = 'local'");
    }

    /** A single-instance migrator of {@code slug = backfill} over {@code pool}, in batches of 500 rows. */
    private static Migrator slugIn500RowBatches(DataSource pool, String backfill) {
        return Migrator.configure(pool).completeImmediately(true).migrations(List.of(TestMigration.of("1",
                "organizations", "slug", SqlType.varchar(100), Backfill.expression(backfill), false))).batchSize(500)
                .batchDuration(Duration.ZERO).load();
    }

    /**
     * A batch's commit does not wait for its WAL to be flushed (and sent to a synchronous standby):
     * the backfill, evaluated in the batches, reads the session's {@code synchronous_commit}. The
     * application's connection gets the database's setting back.
     */
    @EngineTest(family = EngineFamily.POSTGRES)
    void theBatchesCommitWithoutWaitingForTheWalFlushAndThePoolGetsItsSettingBack(TestDatabase db) throws Exception {
        organizationsWithSynchronousCommitLocal(db);
        try (HikariDataSource pool = poolOfOne(db.dataSource)) {
            slugIn500RowBatches(pool, "current_setting('synchronous_commit')").migrate();
            assertEquals("local", setting(pool, "SHOW synchronous_commit"), "the pool's connection has its own back");
        }
        assertEquals(List.of(List.of("off", 1500L)), db.query("SELECT slug, count(*) FROM organizations GROUP BY slug"),
                "every batch ran with synchronous_commit off");
    }

    /** A run whose batch fails gives the pool's connection its synchronous_commit back too. */
    @EngineTest(family = EngineFamily.POSTGRES)
    void aFailedBackfillGivesThePoolItsSynchronousCommitBack(TestDatabase db) throws Exception {
        organizationsWithSynchronousCommitLocal(db);
        try (HikariDataSource pool = poolOfOne(db.dataSource)) {
            // Division by zero at the row with id 700, in the second batch.
            Migrator failing = slugIn500RowBatches(pool, "cast(1 / (id - 700) as varchar(20))");
            assertThrows(MigrationException.class, failing::migrate);
            assertEquals("local", setting(pool, "SHOW synchronous_commit"), "the pool's connection has its own back");
        }
        assertEquals(500L, ((Number) db.single("SELECT count(*) FROM organizations WHERE slug IS NOT NULL")).longValue(),
                "the first batch kept its values");
    }

    /**
     * A row backfill's batch that waits on an application's row lock longer than the run's lock
     * timeout is rolled back and runs again, as a SQL batch is (a Galera node refusing a batch's
     * certification, a deadlock, takes the same way), instead of failing the migration.
     */
    @EngineTest(family = {EngineFamily.POSTGRES, EngineFamily.MARIADB})
    void aRowBackfillBatchThatLostToAWritersRowLockRunsAgain(TestDatabase db) throws Exception {
        LockLossTest.organizations(db, 600);
        boolean mariadb = db.engine.startsWith("MariaDB");
        // MariaDB counts a row lock wait in whole seconds.
        Duration lockTimeout = mariadb ? Duration.ofSeconds(1) : Duration.ofMillis(100);
        long holdMillis = mariadb ? 2500 : 500;
        java.util.concurrent.CountDownLatch locked = new java.util.concurrent.CountDownLatch(1);
        AtomicBoolean released = new AtomicBoolean();
        Thread writer = new Thread(() -> {
            try (Connection c = db.dataSource.getConnection(); Statement st = c.createStatement()) {
                c.setAutoCommit(false);
                st.execute("UPDATE organizations SET name = name WHERE id = 300");
                locked.countDown();
                Thread.sleep(holdMillis);
                c.commit();
                released.set(true);
            } catch (SQLException | InterruptedException e) {
                locked.countDown();
            }
        });
        long[] lockedAt = new long[1];
        // The writer takes its row lock once the column is there (its transaction would hold the ADD COLUMN back).
        MigrationListener application = new MigrationListener() {
            @Override
            public void stepStarted(String migration, String step, String sql) {
                if (step.equals("backfill")) {
                    writer.start();
                    try {
                        assertTrue(locked.await(30, java.util.concurrent.TimeUnit.SECONDS));
                    } catch (InterruptedException e) {
                        throw new AssertionError(e);
                    }
                    lockedAt[0] = System.nanoTime();
                }
            }
        };
        Migration perRow = TestMigration.of("1", "organizations", "slug", SqlType.varchar(100),
                Backfill.perRow(RollingDeployTest.LowerName.class), false);

        MigrationReport report = Migrator.configure(db.dataSource).completeImmediately(true)
                .migrations(List.of(perRow)).batchSize(100).batchDuration(Duration.ZERO).ddlLockTimeout(lockTimeout)
                .listener(application).load().migrate();
        long tookMillis = Duration.ofNanos(System.nanoTime() - lockedAt[0]).toMillis();
        writer.join();

        assertTrue(released.get(), "the writer held its row lock and let go");
        assertTrue(tookMillis >= holdMillis - 100, "the batch with the locked row waited for the writer: " + tookMillis
                + " ms after the lock was taken");
        assertEquals(1, report.applied().size());
        assertMigrated(db, 600);
    }

    @EngineTest(only = {TestEngine.POSTGRES_SERVER, TestEngine.POSTGRES_17, TestEngine.POSTGRES_18})
    void anIdleSessionTimeoutDoesNotEndTheRunsSessionBetweenBatches(TestDatabase db) throws Exception {
        LockLossTest.organizations(db, 200);
        forEverySession(db, "idle_session_timeout = '500ms'", "idle_in_transaction_session_timeout = '500ms'");
        try (Connection idle = db.dataSource.getConnection()) {
            Thread.sleep(1200);
            assertThrows(SQLException.class, () -> idle.createStatement().execute("SELECT 1"),
                    "the database ends a session idle for 500 ms");
        }
        // Two pauses of 800 ms between three batches: each longer than the database lets a session idle.
        MigrationReport report = Migrator.configure(db.dataSource).completeImmediately(true)
                .migrations(List.of(SLUG)).batchSize(100)
                .batchDuration(Duration.ZERO).batchPause(Duration.ofMillis(800)).load().migrate();
        assertEquals(1, report.applied().size());
        assertMigrated(db, 200);
    }

    @EngineTest(family = EngineFamily.POSTGRES)
    void anIndexBuildWaitingOnAnIdleTransactionStopsAndNamesItAndTheRerunConvergesUnderATightLockTimeout(
            TestDatabase db) throws Exception {
        LockLossTest.organizations(db, 2000);
        long started;
        MigrationException stopped;
        try (Connection caller = db.dataSource.getConnection()) {
            // A transaction left open by its client, as Flyway's around a Java migration: it holds a snapshot
            // (and no lock on the table, which would stop the ADD COLUMN before the index build is reached).
            caller.setAutoCommit(false);
            caller.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            String pid;
            try (Statement st = caller.createStatement()) {
                st.execute("SET application_name = 'caller-of-migrate'");
                var rs = st.executeQuery("SELECT pg_backend_pid()");
                rs.next();
                pid = rs.getString(1);
            }
            started = System.nanoTime();
            stopped = assertThrows(MigrationException.class, () -> Migrator.configure(db.dataSource).completeImmediately(true)
                    .migrations(List.of(SLUG)).ddlLockTimeout(Duration.ofMillis(500)).load().migrate());
            long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
            assertTrue(seconds < 60, "stopped within a bound, not after waiting forever: " + seconds + " s");
            assertTrue(stopped.getMessage().contains("pid " + pid + " ('caller-of-migrate')"), stopped.getMessage());
            assertTrue(stopped.getMessage().contains("idle in transaction"), stopped.getMessage());
            assertTrue(stopped.getMessage().contains("CREATE INDEX CONCURRENTLY"), stopped.getMessage());
            caller.rollback();
        }
        assertEquals("final pass and check", stopped.step());

        // Then every session of the database gets a 5 ms lock_timeout, and a writer keeps row locks 20 ms.
        forEverySession(db, "lock_timeout = '5ms'");
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong writes = new AtomicLong();
        Thread writer = new Thread(() -> {
            while (!stop.get()) {
                try (Connection c = db.dataSource.getConnection(); Statement st = c.createStatement()) {
                    c.setAutoCommit(false);
                    st.execute("UPDATE organizations SET name = name WHERE id = "
                            + ThreadLocalRandom.current().nextInt(1, 2001));
                    st.execute("SELECT pg_sleep(0.02)");
                    c.commit();
                    writes.incrementAndGet();
                } catch (SQLException e) {
                    // a lock the migrator holds: the writer's own 5 ms ran out; it tries again
                }
            }
        });
        writer.start();
        try {
            MigrationReport report = Migrator.configure(db.dataSource).completeImmediately(true)
                    .migrations(List.of(SLUG)).load().migrate();
            assertEquals(1, report.applied().size());
        } finally {
            stop.set(true);
            writer.join();
        }
        assertTrue(writes.get() > 0, "the writer wrote during the rerun");
        assertMigrated(db, 2000);
        assertEquals(0L, ((Number) db.single("SELECT count(*) FROM pg_class WHERE relname LIKE 'requiredsince_nulls_%'"))
                .longValue(), "no index of the final pass is left, valid or invalid");
    }

    @EngineTest(family = EngineFamily.MARIADB)
    void aStatementTimeLimitOfThePoolDoesNotCutTheRunsStatementsShortAndStaysTheApplications(TestDatabase db)
            throws Exception {
        LockLossTest.organizations(db, 1500);
        // One millisecond per row: a batch of 1,000 rows takes a second, over three times the limit.
        Migration slow = TestMigration.of("1", "organizations", "slug", SqlType.varchar(100),
                Backfill.expression("concat(lower(name), left(sleep(0.001), 0))"), false);
        try (HikariDataSource pool = poolOfOne(db.dataSource, "SET SESSION max_statement_time = 0.3")) {
            SQLException cut = null;
            try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
                st.executeQuery("SELECT sleep(0.6), count(*) FROM organizations").next();
            } catch (SQLException e) {
                cut = e;
            }
            assertNotNull(cut, "the pool's max_statement_time is on");

            MigrationReport report = Migrator.configure(pool).completeImmediately(true)
                    .migrations(List.of(slow)).batchSize(1000)
                    .batchDuration(Duration.ZERO).load().migrate();
            assertEquals(1, report.applied().size());
            assertEquals(0.3, Double.parseDouble(setting(pool, "SELECT @@SESSION.max_statement_time")), 1e-9,
                    "the pool's connection has its own limit back");
        }
        assertMigrated(db, 1500);
    }

    @EngineTest(family = EngineFamily.MARIADB)
    void anIdleLimitOfThePoolDoesNotEndTheRunsSessionBetweenBatches(TestDatabase db) throws Exception {
        LockLossTest.organizations(db, 200);
        try (HikariDataSource pool = poolOfOne(db.dataSource, "SET SESSION wait_timeout = 1")) {
            try (Connection idle = pool.getConnection()) {
                Thread.sleep(2500);
                assertThrows(SQLException.class, () -> idle.createStatement().executeQuery("SELECT 1").next(),
                        "the server ends a session idle for longer than wait_timeout");
            }
            // Two pauses of 1.5 s between three batches: each longer than the session may idle.
            MigrationReport report = Migrator.configure(pool).completeImmediately(true)
                    .migrations(List.of(SLUG)).batchSize(100)
                    .batchDuration(Duration.ZERO).batchPause(Duration.ofMillis(1500)).load().migrate();
            assertEquals(1, report.applied().size());
            assertEquals("1", setting(pool, "SELECT @@SESSION.wait_timeout"), "the pool's connection has its own back");
        }
        assertMigrated(db, 200);
    }
}
