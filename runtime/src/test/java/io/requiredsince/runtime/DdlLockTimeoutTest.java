package io.requiredsince.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Fault group 5: another session holds the table (PostgreSQL {@code LOCK TABLE … ACCESS EXCLUSIVE},
 * or an open transaction that read it, which holds its MySQL/MariaDB metadata lock). The migrator's
 * DDL gives up after its lock timeout instead of queueing everyone behind it, retries, and completes
 * once the lock is released; with too few retries the error names the table and the blocker.
 */
class DdlLockTimeoutTest {

    // Each test runs on PostgreSQL 17 and the server (lock_timeout behaves the same in every supported
    // major, and each case waits for seconds on purpose), and on MariaDB through both drivers.

    private static boolean postgres(Supplier<TestDatabase> engine) {
        return TestEngine.of(engine).family() == EngineFamily.POSTGRES;
    }

    private static TestDatabase organizations(Supplier<TestDatabase> engine) {
        TestDatabase db = engine.get();
        db.execute("CREATE TABLE organizations (id INTEGER PRIMARY KEY, name VARCHAR(100) NOT NULL)",
                "INSERT INTO organizations (id, name) VALUES (1, 'A'), (2, 'B'), (3, 'C')");
        // The history table exists before the blocker starts, so only the DDL on organizations waits.
        Migrator.configure(db.dataSource).completeImmediately(true).migrations(List.of()).load().migrate();
        return db;
    }

    private static Migration plan() {
        return TestMigration.of("2", "organizations", "plan", SqlType.varchar(20), Backfill.constant("'free'"), false);
    }

    /** Opens a transaction holding the table: exclusive on PostgreSQL, a shared metadata lock on MariaDB. */
    private static Connection holdTable(TestDatabase db, boolean postgres, boolean exclusive) throws SQLException {
        Connection c = db.dataSource.getConnection();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            if (postgres) {
                s.execute("LOCK TABLE organizations IN " + (exclusive ? "ACCESS EXCLUSIVE" : "ACCESS SHARE") + " MODE");
            } else {
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM organizations")) {
                    rs.next();
                }
            }
        }
        return c;
    }

    private static Duration ddlTimeout(boolean postgres) {
        return postgres ? Duration.ofMillis(300) : Duration.ofSeconds(1); // MySQL counts whole seconds
    }

    @EngineTest(only = {TestEngine.POSTGRES_17, TestEngine.POSTGRES_SERVER}, family = EngineFamily.MARIADB)
    void ddlRetriesWhileTheTableIsHeldAndCompletesAfterRelease(Supplier<TestDatabase> engine) throws Exception {
        boolean pg = postgres(engine);
        TestDatabase db = organizations(engine);
        Connection holder = holdTable(db, pg, true);
        long t0 = System.nanoTime();
        CompletableFuture<MigrationReport> run = CompletableFuture.supplyAsync(() ->
                Migrator.configure(db.dataSource).completeImmediately(true)
                        .migrations(List.of(plan())).ddlLockTimeout(ddlTimeout(pg))
                        .ddlLockRetries(30).load().migrate());
        Thread.sleep(2500);
        assertFalse(run.isDone(), "the migrator waits while the table is held");
        holder.rollback();
        holder.close();

        MigrationReport report = run.get(60, TimeUnit.SECONDS);

        assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(2500));
        assertEquals(1, report.applied().size());
        assertEquals(3L, ((Number) db.single("SELECT COUNT(*) FROM organizations WHERE plan = 'free'")).longValue());
        assertFalse(db.column("organizations", "plan").nullable());
    }

    @EngineTest(only = {TestEngine.POSTGRES_17, TestEngine.POSTGRES_SERVER}, family = EngineFamily.MARIADB)
    void undoRetriesWhileTheTableIsHeldAndCompletesAfterRelease(Supplier<TestDatabase> engine) throws Exception {
        boolean pg = postgres(engine);
        TestDatabase db = organizations(engine);
        // Expanded with its trigger: undo drops the trigger and the column, on PostgreSQL in one transaction.
        Migration slug = TestMigration.of("2", "organizations", "slug", SqlType.varchar(20),
                Backfill.expression("lower(name)"), false);
        Migrator migrator = Migrator.configure(db.dataSource).migrations(List.of(slug)).ddlLockTimeout(ddlTimeout(pg))
                .ddlLockRetries(30).load();
        migrator.migrate();
        Connection holder = holdTable(db, pg, true);
        CompletableFuture<List<UndoResult>> undo = CompletableFuture.supplyAsync(migrator::undo);
        Thread.sleep(2500);
        assertFalse(undo.isDone(), "undo waits while the table is held, retrying");
        holder.rollback();
        holder.close();

        assertEquals(1, undo.get(60, TimeUnit.SECONDS).size());
        assertFalse(db.column("organizations", "slug").exists());
        assertEquals(0, RollingDeployTest.fillObjects(db), "the trigger went with it");
        db.execute("INSERT INTO organizations (id, name) VALUES (4, 'D')");
    }

    @EngineTest(only = {TestEngine.POSTGRES_17, TestEngine.POSTGRES_SERVER}, family = EngineFamily.MARIADB)
    void otherSessionsAreNotQueuedBehindTheWaitingDdlLongerThanItsTimeout(Supplier<TestDatabase> engine)
            throws Exception {
        boolean pg = postgres(engine);
        TestDatabase db = organizations(engine);
        // A long reader: compatible with other readers, but the migrator's DDL must wait for it.
        Connection longReader = holdTable(db, pg, false);
        CompletableFuture<MigrationReport> run = CompletableFuture.supplyAsync(() ->
                Migrator.configure(db.dataSource).completeImmediately(true)
                        .migrations(List.of(plan())).ddlLockTimeout(ddlTimeout(pg))
                        .ddlLockRetries(60).load().migrate());
        try {
            Thread.sleep(700);
            long worst = 0;
            for (int i = 0; i < 5; i++) {
                long t = System.nanoTime();
                db.single("SELECT COUNT(*) FROM organizations");
                worst = Math.max(worst, System.nanoTime() - t);
                Thread.sleep(150);
            }
            long bound = ddlTimeout(pg).toMillis() + 1500;
            assertTrue(TimeUnit.NANOSECONDS.toMillis(worst) < bound, "a reader waited "
                    + TimeUnit.NANOSECONDS.toMillis(worst) + " ms behind the migrator, more than its lock timeout allows");
            assertFalse(run.isDone(), "the migrator is still retrying");
        } finally {
            longReader.rollback();
            longReader.close();
        }
        assertEquals(1, run.get(60, TimeUnit.SECONDS).applied().size());
    }

    @EngineTest(only = {TestEngine.POSTGRES_17, TestEngine.POSTGRES_SERVER}, family = EngineFamily.MARIADB)
    void exhaustedRetriesNameTheTableAndTheBlockerAndChangeNothing(Supplier<TestDatabase> engine) throws Exception {
        boolean pg = postgres(engine);
        TestDatabase db = organizations(engine);
        Connection holder = holdTable(db, pg, true);
        try {
            MigrationException e = assertThrows(MigrationException.class, () -> Migrator.configure(db.dataSource).completeImmediately(true)
                    .migrations(List.of(plan())).ddlLockTimeout(ddlTimeout(pg)).ddlLockRetries(1).load().migrate());
            String msg = e.getMessage();
            assertTrue(msg.contains("organizations") && msg.contains("could not get its lock"), msg);
            assertTrue(msg.contains(pg ? "pid " : "connection "), "names the blocker: " + msg);
            assertEquals("2 times", msg.replaceAll("(?s).*, (2 times) in a row.*", "$1"), msg);
        } finally {
            holder.rollback();
            holder.close();
        }
        assertFalse(db.column("organizations", "plan").exists(), "nothing changed");
        assertEquals(MigrationState.FAILED, Migrator.configure(db.dataSource).completeImmediately(true)
                .migrations(List.of(plan())).load()
                .info().get(0).state());
        Migrator.configure(db.dataSource).completeImmediately(true).migrations(List.of(plan())).load().migrate();
        assertFalse(db.column("organizations", "plan").nullable());
    }
}
