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

/**
 * A {@code migrate()} with nothing to do is one read of the history: it neither waits for the
 * migration lock nor writes. Whatever may be work (a pending migration, an expanded one due for
 * completion, a history table of an earlier release) takes the lock as ever.
 */
class StartupTest {

    private static final Duration SHORT = Duration.ofMillis(600);

    static List<Supplier<TestDatabase>> engines() {
        return ConcurrentMigratorsTest.engines();
    }

    private static TestDatabase organizations(Supplier<TestDatabase> engine) {
        TestDatabase db = engine.get();
        db.execute("CREATE TABLE organizations (id INTEGER PRIMARY KEY, name VARCHAR(100) NOT NULL)",
                "INSERT INTO organizations (id, name) VALUES (1, 'Acme'), (2, 'Initech')");
        return db;
    }

    private static List<Migration> first(int n) {
        return ConcurrentMigratorsTest.migrations().subList(0, n);
    }

    private static MigrationLock hold(TestDatabase db) throws Exception {
        EngineSupport engine;
        try (Connection c = db.dataSource.getConnection()) {
            engine = Engines.detect(c);
        }
        return MigrationLock.acquire(engine, db.dataSource, null, null, "requiredsince_history", Duration.ofSeconds(5));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void nothingToDoDoesNotWaitForTheLockButWorkDoes(Supplier<TestDatabase> engine) throws Exception {
        TestDatabase db = organizations(engine);
        Migrator.configure(db.dataSource).completeImmediately(true).migrations(first(2)).load().migrate();
        Migrator same = Migrator.configure(db.dataSource).migrations(first(2)).lockTimeout(SHORT).load();
        Migrator next = Migrator.configure(db.dataSource).migrations(first(3)).lockTimeout(SHORT).load();
        try (MigrationLock held = hold(db)) {
            long t0 = System.nanoTime();
            MigrationReport report = same.migrate();
            long took = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(List.of(), report.applied());
            assertEquals(2, report.alreadyApplied());
            assertTrue(took < SHORT.toMillis(), "returned at once, without waiting for the lock: " + took + " ms");

            MigrationException waited = assertThrows(MigrationException.class, next::migrate);
            assertEquals("lock", waited.step(), waited.getMessage());
        }
        assertEquals(1, next.migrate().applied().size());
        assertEquals(List.of(), next.migrate().applied());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void anExpandedMigrationIsWorkOnceItsCompletionIsDue(Supplier<TestDatabase> engine) throws Exception {
        TestDatabase db = organizations(engine);
        Migrator release = Migrator.configure(db.dataSource).migrations(first(2)).lockTimeout(SHORT).load();
        assertEquals(2, release.migrate().applied().size());
        Migrator single = Migrator.configure(db.dataSource).completeImmediately(true).migrations(first(2))
                .lockTimeout(SHORT).load();
        try (MigrationLock held = hold(db)) {
            // Expanded, not due: the same release starting again has nothing to do.
            MigrationReport again = release.migrate();
            assertEquals(List.of(), again.applied());
            assertEquals(2, again.alreadyApplied());
            // With completeImmediately every expanded migration is due: work, under the lock.
            MigrationException waited = assertThrows(MigrationException.class, single::migrate);
            assertEquals("lock", waited.step(), waited.getMessage());
        }
        assertTrue(release.info().stream().allMatch(i -> i.state() == MigrationState.EXPANDED), release.info().toString());
        assertEquals(2, single.migrate().applied().size());
        assertTrue(release.info().stream().allMatch(i -> i.state() == MigrationState.APPLIED), release.info().toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void editedCodeIsRefusedAndAnEarlierReleasesHistoryTableIsReadAsItIs(Supplier<TestDatabase> engine) throws Exception {
        TestDatabase db = organizations(engine);
        Migrator.configure(db.dataSource).completeImmediately(true).migrations(first(1)).load().migrate();
        // The code lost the migration: refused as ever, not reported as nothing to do.
        Migrator none = Migrator.configure(db.dataSource).migrations(List.of()).load();
        assertThrows(ValidationException.class, none::migrate);
        // What an earlier release created lacks the newer columns: read as it is while there is nothing to do,
        // brought up to date by the next run with work, before it writes.
        db.execute("ALTER TABLE requiredsince_history DROP COLUMN known_version");
        try (MigrationLock held = hold(db)) {
            MigrationReport report = Migrator.configure(db.dataSource).migrations(first(1)).load().migrate();
            assertEquals(List.of(), report.applied());
            assertEquals(1, report.alreadyApplied());
        }
        assertTrue(db.tryExecute("SELECT known_version FROM requiredsince_history") != null, "nothing was written");
        assertEquals(1, Migrator.configure(db.dataSource).migrations(first(2)).load().migrate().applied().size());
        assertTrue(db.tryExecute("SELECT known_version FROM requiredsince_history") == null,
                "the history table has its column back");
    }
}
