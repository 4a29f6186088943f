package io.requiredsince.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Many threads of one application migrating through one HikariCP pool smaller than their number:
 * they queue in-process before taking a connection, so none holds a connection while it waits and
 * the pool never runs dry; one applies, the others find it done.
 */
class SharedPoolTest {

    private static final List<Migration> MIGRATIONS = ConcurrentMigratorsTest.migrations();

    private static HikariDataSource pool(TestDatabase db, int size) {
        HikariConfig config = new HikariConfig();
        config.setDataSource(db.dataSource);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(0);
        config.setConnectionTimeout(5_000);
        return new HikariDataSource(config);
    }

    private static void migrateFromThreads(HikariDataSource pool, int threads) throws Exception {
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        List<Future<MigrationReport>> runs = new ArrayList<>();
        try {
            for (int i = 0; i < threads; i++) {
                runs.add(executor.submit(() -> {
                    Migrator m = Migrator.configure(pool).completeImmediately(true)
                            .migrations(MIGRATIONS).lockTimeout(Duration.ofMinutes(2))
                            .load();
                    start.await();
                    return m.migrate();
                }));
            }
            int applied = 0;
            for (Future<MigrationReport> run : runs) {
                applied += run.get(3, TimeUnit.MINUTES).applied().size(); // a pool timeout fails here
            }
            assertEquals(MIGRATIONS.size(), applied, "each migration applied by exactly one thread");
        } finally {
            executor.shutdownNow();
        }
    }

    @EngineTest(only = {TestEngine.H2, TestEngine.POSTGRES_17, TestEngine.POSTGRES_SERVER, TestEngine.SQLITE_CURRENT},
            family = EngineFamily.MARIADB)
    void tenThreadsOnAPoolOfFive(TestDatabase db) throws Exception {
        LockLossTest.organizations(db, 300);
        try (HikariDataSource pool = pool(db, 5)) {
            migrateFromThreads(pool, 10);
        }
        assertEquals(0L, ((Number) db.single("SELECT COUNT(*) FROM organizations WHERE plan <> 'free' OR slug IS NULL"
                + " OR seats <> 5")).longValue());
        assertFalse(db.column("organizations", "slug").nullable());
    }

    /** Where the lock lives on the connection that migrates, one connection is all a migrator needs. */
    @EngineTest(only = {TestEngine.H2, TestEngine.POSTGRES_17, TestEngine.POSTGRES_SERVER, TestEngine.SQLITE_CURRENT},
            family = EngineFamily.MARIADB)
    void threeThreadsOnAPoolOfOne(TestDatabase db) throws Exception {
        LockLossTest.organizations(db, 300);
        try (HikariDataSource pool = pool(db, 1)) {
            migrateFromThreads(pool, 3);
        }
        assertFalse(db.column("organizations", "slug").nullable());
    }

    /** A row lock needs a second connection: a pool of one says so instead of hanging. */
    @Test
    void aRowLockOnAPoolOfOneSaysItNeedsTwoConnections() {
        TestDatabase db = ConcurrentMigratorsTest.h2Server();
        LockLossTest.organizations(db, 10);
        try (HikariDataSource pool = pool(db, 1)) {
            long t0 = System.nanoTime();
            MigrationException e = assertThrows(MigrationException.class,
                    () -> Migrator.configure(pool).completeImmediately(true).migrations(MIGRATIONS).load().migrate());
            assertTrue(e.getMessage().contains("two connections"), e.getMessage());
            assertTrue((System.nanoTime() - t0) / 1_000_000 < 30_000, "failed within the pool's wait, not later");
        }
        try (HikariDataSource pool = pool(db, 2)) {
            assertEquals(MIGRATIONS.size(), Migrator.configure(pool).completeImmediately(true)
                    .migrations(MIGRATIONS).load().migrate()
                    .applied().size());
        }
    }
}
