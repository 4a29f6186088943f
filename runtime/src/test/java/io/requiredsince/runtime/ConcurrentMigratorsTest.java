package io.requiredsince.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Fault group 2: four migrators started at the same instant against one database. */
class ConcurrentMigratorsTest {

    /** Every engine, and H2 through its TCP server, where the lock is the row lock in {@code <history>_lock}. */
    static List<Supplier<TestDatabase>> engines() {
        List<Supplier<TestDatabase>> all = new ArrayList<>(TestDatabase.engines());
        all.add(TestDatabase.engine("H2 (TCP server, row lock)", ConcurrentMigratorsTest::h2Server));
        return all;
    }

    static TestDatabase h2Server() {
        org.h2.jdbcx.JdbcDataSource ds = new org.h2.jdbcx.JdbcDataSource();
        ds.setURL(TestDatabase.h2ServerUrl(TestDatabase.uniqueName()));
        return TestDatabase.of("H2", ds);
    }

    static List<Migration> migrations() {
        return List.of(
                TestMigration.of("2", "organizations", "plan", SqlType.varchar(20), Backfill.constant("'free'"), false),
                TestMigration.of("3", "organizations", "slug", SqlType.varchar(100), Backfill.expression("lower(name)"),
                        false),
                TestMigration.of("4", "organizations", "seats", SqlType.integer(), Backfill.constant("5"), true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void fourMigratorsAtOnceApplyEachMigrationExactlyOnce(Supplier<TestDatabase> engine) throws Exception {
        TestDatabase db = engine.get();
        db.execute("CREATE TABLE organizations (id INTEGER PRIMARY KEY, name VARCHAR(100) NOT NULL)");
        StringBuilder insert = new StringBuilder("INSERT INTO organizations (id, name) VALUES ");
        for (int i = 1; i <= 500; i++) {
            insert.append(i > 1 ? ", " : "").append("(").append(i).append(", 'Org ").append(i).append("')");
        }
        db.execute(insert.toString());
        CyclicBarrier start = new CyclicBarrier(4);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<MigrationReport>> runs = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                // Each its own DataSource, as separate processes would have: migrators of one DataSource
                // queue in-process before they take a connection, and the database's lock would go untried.
                SimpleDataSource own = () -> db.dataSource.getConnection();
                runs.add(pool.submit(() -> {
                    Migrator m = Migrator.configure(own).completeImmediately(true).migrations(migrations())
                            .lockTimeout(Duration.ofMinutes(2)).load();
                    start.await();
                    return m.migrate();
                }));
            }
            int applied = 0;
            int skipped = 0;
            for (Future<MigrationReport> run : runs) {
                MigrationReport r = run.get(3, TimeUnit.MINUTES); // any migrator error fails here
                applied += r.applied().size();
                skipped += r.alreadyApplied();
            }
            assertEquals(3, applied, "each migration applied by exactly one migrator");
            assertEquals(9, skipped, "the three others found it done after taking the lock");
        } finally {
            pool.shutdownNow();
        }
        assertEquals(List.of(List.of("organizations.plan", 1L), List.of("organizations.seats", 1L),
                        List.of("organizations.slug", 1L)),
                db.query("SELECT script, COUNT(*) FROM requiredsince_history GROUP BY script ORDER BY script").stream()
                        .map(r -> List.of(r.get(0), ((Number) r.get(1)).longValue())).toList());
        assertEquals(0L, ((Number) db.single("SELECT COUNT(*) FROM organizations WHERE plan <> 'free' OR slug IS NULL"
                + " OR seats <> 5")).longValue());
        assertFalse(db.column("organizations", "slug").nullable());
        // No lock is left held: a fresh migrator with a short wait gets through at once.
        MigrationReport again = Migrator.configure(db.dataSource).completeImmediately(true).migrations(migrations())
                .lockTimeout(Duration.ofMillis(500)).load().migrate();
        assertTrue(again.applied().isEmpty());
    }
}
