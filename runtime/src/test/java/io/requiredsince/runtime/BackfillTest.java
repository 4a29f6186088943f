package io.requiredsince.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/** The batched backfill engine on every engine: batches, resumption, writers, keys, Java backfills. */
class BackfillTest {


    /** Engines that batch a SQL backfill: before SQLite 3.53 the table rebuild's copy fills the rows instead. */

    private static TestDatabase members(Supplier<TestDatabase> engine, int rows) {
        TestDatabase db = engine.get();
        db.execute("CREATE TABLE members (id INTEGER PRIMARY KEY, name VARCHAR(100) NOT NULL, seats INTEGER NOT NULL)");
        insertRows(db, "members", rows, i -> i + ", 'Member " + i + "', " + (i % 20));
        return db;
    }

    private static void insertRows(TestDatabase db, String table, int rows, java.util.function.IntFunction<String> values) {
        for (int from = 1; from <= rows; from += 500) {
            StringBuilder insert = new StringBuilder("INSERT INTO " + table + " VALUES ");
            for (int i = from; i < Math.min(rows + 1, from + 500); i++) {
                insert.append(i > from ? ", " : "").append("(").append(values.apply(i)).append(")");
            }
            db.execute(insert.toString());
        }
    }

    private static long count(TestDatabase db, String sql) {
        return ((Number) db.single(sql)).longValue();
    }

    private static Migration slug() {
        return TestMigration.of("1", "members", "slug", SqlType.varchar(100), Backfill.expression("lower(name)"), false);
    }

    /** Counts committed batches and rows. */
    static class Counting implements MigrationListener {
        final List<BackfillProgress> batches = Collections.synchronizedList(new ArrayList<>());
        final List<String> started = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void stepStarted(String migration, String step, String sql) {
            started.add(step);
        }

        @Override
        public void batchDone(BackfillProgress progress) {
            batches.add(progress);
        }
    }

    @EngineTest(except = TestEngine.SQLITE_OLD)
    void walksThePrimaryKeyInBatchesAndReportsProgress(Supplier<TestDatabase> engine) {
        TestDatabase db = members(engine, 1000);
        Counting listener = new Counting();

        Migrator migrator = Migrator.configure(db.dataSource).completeImmediately(true)
                .migrations(List.of(slug())).batchSize(100)
                .batchDuration(Duration.ZERO).listener(listener).load();
        List<String> planned = migrator.plan().stream().map(PlannedStatement::sql).toList();

        MigrationReport report = migrator.migrate();

        assertEquals(planned, report.applied().get(0).steps().stream().map(ExecutedStep::sql).toList(),
                "plan() shows what migrate() runs, a batch's statement for the batched steps");
        assertTrue(planned.stream().anyMatch(sql -> sql.contains(":after") && sql.contains(":upto")), planned.toString());
        assertEquals(1000, report.rowsBackfilled());
        assertEquals(0, count(db, "SELECT COUNT(*) FROM members WHERE slug IS NULL OR slug <> lower(name)"));
        assertFalse(db.column("members", "slug").nullable());
        List<BackfillProgress> walk = listener.batches.stream().filter(p -> p.step().equals("backfill")).toList();
        assertEquals(10, walk.size(), "1,000 rows in batches of 100");
        assertTrue(walk.stream().allMatch(p -> p.batchRows() == 100 && p.rowsTotal() == 1000));
        assertEquals(1000, walk.get(9).rowsDone());
        assertEquals(1.0, walk.get(9).fraction());
        assertTrue(walk.get(4).rowsPerSecond() > 0 && walk.get(4).eta().compareTo(Duration.ZERO) >= 0);
        assertEquals(1000L, count(db, "SELECT rows_backfilled FROM requiredsince_history"));
    }

    @EngineTest(except = TestEngine.SQLITE_OLD)
    void resumesAfterAFailureMidBackfillWithoutRedoingDoneRows(Supplier<TestDatabase> engine) {
        TestDatabase db = members(engine, 1000);
        MigrationListener failing = new MigrationListener() {
            @Override
            public void batchDone(BackfillProgress progress) {
                if (progress.batch() == 3) {
                    throw new IllegalStateException("injected failure after batch 3");
                }
            }
        };

        MigrationException e = assertThrows(MigrationException.class, () -> Migrator.configure(db.dataSource).completeImmediately(true)
                .migrations(List.of(slug())).batchSize(100).batchDuration(Duration.ZERO).listener(failing).load()
                .migrate());

        assertTrue(e.getMessage().contains("failed at step 'backfill'") && e.getMessage().contains("after 300 row(s)")
                && e.getMessage().contains("injected failure"), e.getMessage());
        assertEquals(300, count(db, "SELECT COUNT(*) FROM members WHERE slug IS NOT NULL"), "three committed batches");
        assertTrue(db.column("members", "slug").nullable());
        assertEquals(300L, count(db, "SELECT rows_backfilled FROM requiredsince_history"));

        Counting listener = new Counting();
        MigrationReport second = Migrator.configure(db.dataSource).completeImmediately(true)
                .migrations(List.of(slug())).batchSize(100)
                .batchDuration(Duration.ZERO).listener(listener).load().migrate();

        assertEquals(700, second.rowsBackfilled(), "only the rows still NULL are written again");
        assertEquals(7, listener.batches.stream().filter(p -> p.step().equals("backfill")).count(),
                "the walk starts at the first row still NULL");
        assertEquals(0, count(db, "SELECT COUNT(*) FROM members WHERE slug IS NULL OR slug <> lower(name)"));
        assertFalse(db.column("members", "slug").nullable());
        assertEquals(1000L, count(db, "SELECT rows_backfilled FROM requiredsince_history"), "both runs' work");
    }

    @EngineTest(except = TestEngine.SQLITE_OLD)
    void rowsInsertedByOldWritersDuringTheBackfillAreCaughtByTheFinalPass(Supplier<TestDatabase> engine)
            throws InterruptedException {
        TestDatabase db = members(engine, 2000);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger nextId = new AtomicInteger(100_000);
        AtomicLong inserted = new AtomicLong();
        AtomicLong insertedDuringWalk = new AtomicLong();
        AtomicBoolean walking = new AtomicBoolean();
        List<Throwable> writerErrors = Collections.synchronizedList(new ArrayList<>());
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < 3; w++) {
            writers.add(new Thread(() -> {
                try (Connection c = db.dataSource.getConnection(); Statement st = c.createStatement()) {
                    if (db.engine.startsWith("SQLite")) {
                        st.execute("PRAGMA busy_timeout = 10000");
                    }
                    while (!stop.get()) {
                        int id = nextId.incrementAndGet();
                        // An old instance of the application: it does not know the new column.
                        st.executeUpdate("INSERT INTO members (id, name, seats) VALUES (" + id + ", 'New " + id + "', 1)");
                        inserted.incrementAndGet();
                        if (walking.get()) {
                            insertedDuringWalk.incrementAndGet();
                        }
                        st.executeUpdate("UPDATE members SET seats = seats + 1 WHERE id = " + (id % 2000 + 1));
                        Thread.sleep(1);
                    }
                } catch (SQLException | InterruptedException | RuntimeException ex) {
                    writerErrors.add(ex);
                }
            }));
        }
        MigrationListener stopWritersAtTheFinalPass = new MigrationListener() {
            @Override
            public void stepStarted(String migration, String step, String sql) {
                // The writers run while rows are backfilled (H2 rewrites the table on ADD COLUMN: no writers then).
                if (step.equals("backfill")) {
                    walking.set(true);
                    writers.forEach(Thread::start);
                }
                if (step.startsWith("final pass")) {
                    walking.set(false);
                    stop.set(true);
                    for (Thread t : writers) {
                        try {
                            t.join();
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                }
            }
        };
        try {
            Migrator.configure(db.dataSource).completeImmediately(true)
                    .migrations(List.of(slug())).batchSize(50).batchDuration(Duration.ZERO)
                    .batchPause(Duration.ofMillis(5)).listener(stopWritersAtTheFinalPass).load().migrate();
        } finally {
            stop.set(true);
            for (Thread t : writers) {
                if (t.isAlive()) {
                    t.join();
                }
            }
        }

        assertEquals(List.of(), writerErrors, "no writer may fail because of the migration");
        assertTrue(insertedDuringWalk.get() > 0, "writers inserted rows while the backfill ran");
        assertEquals(2000 + inserted.get(), count(db, "SELECT COUNT(*) FROM members"));
        assertEquals(0, count(db, "SELECT COUNT(*) FROM members WHERE slug IS NULL OR slug <> lower(name)"));
        assertFalse(db.column("members", "slug").nullable());
    }

    @EngineTest(except = TestEngine.SQLITE_OLD)
    void walksACompositePrimaryKey(Supplier<TestDatabase> engine) {
        TestDatabase db = engine.get();
        db.execute("CREATE TABLE seats (room INTEGER NOT NULL, seat INTEGER NOT NULL, label VARCHAR(20) NOT NULL,"
                + " PRIMARY KEY (room, seat))");
        insertRows(db, "seats", 600, i -> (i % 7) + ", " + i + ", 'R" + (i % 7) + "S" + i + "'");
        Migration code = TestMigration.of("1", "seats", "code", SqlType.varchar(20), Backfill.expression("lower(label)"),
                false);
        Counting listener = new Counting();

        MigrationReport report = Migrator.configure(db.dataSource).completeImmediately(true)
                .migrations(List.of(code)).batchSize(45)
                .batchDuration(Duration.ZERO).listener(listener).load().migrate();

        assertEquals(600, report.rowsBackfilled());
        assertEquals(14, listener.batches.stream().filter(p -> p.step().equals("backfill")).count(), "600 / 45");
        assertEquals(0, count(db, "SELECT COUNT(*) FROM seats WHERE code IS NULL OR code <> lower(label)"));
        assertFalse(db.column("seats", "code").nullable());
    }

    @EngineTest
    void tableWithoutPrimaryKeyUsesTheRowAddressOrSaysWhatToAdd(Supplier<TestDatabase> engine) {
        TestDatabase db = engine.get();
        db.execute("CREATE TABLE events (n INTEGER NOT NULL, kind VARCHAR(20) NOT NULL)");
        insertRows(db, "events", 3000, i -> i + ", 'Kind" + (i % 5) + "'");
        Migration tag = TestMigration.of("1", "events", "tag", SqlType.varchar(20), Backfill.expression("lower(kind)"),
                false);
        Migrator migrator = Migrator.configure(db.dataSource).completeImmediately(true)
                .migrations(List.of(tag)).batchSize(500)
                .batchDuration(Duration.ZERO).load();

        if (db.engine.startsWith("PostgreSQL") || db.engine.startsWith("SQLite")) {
            MigrationReport report = migrator.migrate();
            assertEquals(3000, report.rowsBackfilled());
            assertEquals(0, count(db, "SELECT COUNT(*) FROM events WHERE tag IS NULL OR tag <> lower(kind)"));
            assertFalse(db.column("events", "tag").nullable());
        } else {
            MigrationException e = assertThrows(MigrationException.class, migrator::migrate);
            assertTrue(e.getMessage().contains("has no primary key") && e.getMessage().contains("ADD PRIMARY KEY"),
                    e.getMessage());
            assertEquals(3000, count(db, "SELECT COUNT(*) FROM events WHERE tag IS NULL"), "no row touched");
            assertTrue(db.column("events", "tag").nullable());
        }
    }

    /** Computes a plan from two other columns: what SQL alone would not say. */
    public static final class PlanBackfill implements RowBackfill<String> {
        @Override
        public String compute(Map<String, Object> row) {
            int seats = ((Number) row.get("SEATS")).intValue();
            String name = (String) row.get("name");
            return (seats >= 10 ? "team" : "solo") + ":" + name.length();
        }
    }

    @EngineTest
    void javaRowBackfillComputesEachRowInBatches(Supplier<TestDatabase> engine) {
        TestDatabase db = members(engine, 700);
        Migration plan = TestMigration.of("1", "members", "plan", SqlType.varchar(30), Backfill.perRow(PlanBackfill.class),
                false);
        Counting listener = new Counting();
        Migrator migrator = Migrator.configure(db.dataSource).completeImmediately(true)
                .migrations(List.of(plan)).batchSize(100)
                .batchDuration(Duration.ZERO).listener(listener).load();

        String shown = migrator.plan().get(1).sql();
        MigrationReport report = migrator.migrate();

        assertTrue(shown.contains(":computed_in_java"), shown);
        assertEquals(700, report.rowsBackfilled());
        assertEquals(7, listener.batches.stream().filter(p -> p.step().equals("backfill")).count());
        assertEquals(List.of(List.of("solo:8"), List.of("team:9"), List.of("solo:10")),
                db.query("SELECT plan FROM members WHERE id IN (1, 10, 100) ORDER BY id"));
        assertEquals(0, count(db, "SELECT COUNT(*) FROM members WHERE plan IS NULL"));
        assertFalse(db.column("members", "plan").nullable());
    }

    @EngineTest(except = TestEngine.SQLITE_OLD)
    void adaptiveBatchesGrowAndStillReachEveryRow(Supplier<TestDatabase> engine) {
        TestDatabase db = members(engine, 3000);
        Migration plan = TestMigration.of("1", "members", "plan", SqlType.varchar(30), Backfill.perRow(PlanBackfill.class),
                false);
        Counting listener = new Counting();

        // Batches far below the target duration double each time: 50, 100, 200, …
        MigrationReport report = Migrator.configure(db.dataSource).completeImmediately(true)
                .migrations(List.of(plan, slug())).batchSize(50)
                .batchDuration(Duration.ofSeconds(30)).listener(listener).load().migrate();

        assertEquals(6000, report.rowsBackfilled());
        List<Integer> sizes = listener.batches.stream().filter(p -> p.step().equals("backfill") && p.batchRows() > 0)
                .map(BackfillProgress::batchRows).toList();
        assertEquals(List.of(50, 100, 200, 400, 800, 1450, 50, 100, 200, 400, 800, 1450), sizes);
        assertEquals(0, count(db, "SELECT COUNT(*) FROM members WHERE plan IS NULL OR slug IS NULL"));
    }

    /** Returns null for one row: the migration stops before tightening and names the row. */
    public static final class PartialBackfill implements RowBackfill<Integer> {
        @Override
        public Integer compute(Map<String, Object> row) {
            return ((Number) row.get("id")).intValue() == 42 ? null : 1;
        }
    }

    @EngineTest
    void javaRowBackfillReturningNullStopsBeforeTightening(Supplier<TestDatabase> engine) {
        TestDatabase db = members(engine, 100);
        Migration level = TestMigration.of("1", "members", "level", SqlType.integer(),
                Backfill.perRow(PartialBackfill.class), false);

        MigrationException e = assertThrows(MigrationException.class, () -> Migrator.configure(db.dataSource).completeImmediately(true)
                .migrations(List.of(level)).batchSize(10).batchDuration(Duration.ZERO).load().migrate());

        assertTrue(e.getMessage().contains("returned null") && e.getMessage().contains("[42]"), e.getMessage());
        assertEquals(40, count(db, "SELECT COUNT(*) FROM members WHERE level IS NOT NULL"), "four batches committed");
        assertTrue(db.column("members", "level").nullable());
    }
}
