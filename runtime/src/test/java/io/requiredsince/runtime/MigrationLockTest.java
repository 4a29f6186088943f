package io.requiredsince.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.requiredsince.runtime.internal.EngineSupport;
import io.requiredsince.runtime.internal.Engines;
import io.requiredsince.runtime.internal.MigrationLock;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The wait for another migrator is bounded by lockTimeout, names the lock, and ends when the holder lets go. */
class MigrationLockTest {

    static List<Supplier<TestDatabase>> engines() {
        return ConcurrentMigratorsTest.engines();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void waitIsBoundedAndTheLockIsFreeOnceReleased(Supplier<TestDatabase> engine) throws Exception {
        TestDatabase db = engine.get();
        db.execute("CREATE TABLE organizations (id INTEGER PRIMARY KEY)", "INSERT INTO organizations (id) VALUES (1)");
        Migrator migrator = Migrator.configure(db.dataSource).completeImmediately(true)
                .migrations(ConcurrentMigratorsTest.migrations().subList(0, 1))
                .lockTimeout(Duration.ofMillis(700)).load();
        EngineSupport info;
        try (Connection c = db.dataSource.getConnection()) {
            info = Engines.detect(c);
        }
        try (MigrationLock held = MigrationLock.acquire(info, db.dataSource, null, null, "requiredsince_history",
                Duration.ofSeconds(5))) {
            long t0 = System.nanoTime();
            MigrationException e = assertThrows(MigrationException.class, migrator::migrate);
            long waited = (System.nanoTime() - t0) / 1_000_000;
            assertEquals("lock", e.step());
            assertTrue(e.getMessage().contains("Another migrator holds") && e.getMessage().contains("700 ms"),
                    e.getMessage());
            assertTrue(waited >= 650 && waited < 5000, "waited " + waited + " ms for a 700 ms lockTimeout");
            assertTrue(db.tryExecute("SELECT plan FROM organizations") != null, "nothing was done");
            // Another history table is another lock.
            Migrator.configure(db.dataSource).completeImmediately(true).historyTable("other_history")
                    .migrations(ConcurrentMigratorsTest.migrations().subList(0, 1))
                    .lockTimeout(Duration.ofMillis(700)).load().validate();
        }
        assertEquals(1, migrator.migrate().applied().size());
    }
}
