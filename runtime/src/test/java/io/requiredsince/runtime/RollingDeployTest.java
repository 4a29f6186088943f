package io.requiredsince.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A rolling deploy: the old application version keeps inserting rows without the new column while
 * the new version migrates at start-up, and after. {@code migrate()} expands (every such insert
 * succeeds and the row gets the backfill value, or stays NULL for a Java backfill until complete),
 * {@code complete()} contracts (every row has its value, the column is NOT NULL without the
 * temporary default, nothing of the fill is left, and an insert that omits the column fails).
 */
class RollingDeployTest {

    private static final int ROWS = 3_000;
    private static final int OLD_WRITERS = 3;

    private static void owners(TestDatabase db) {
        db.execute("CREATE TABLE owners (id INTEGER PRIMARY KEY, name VARCHAR(100) NOT NULL)");
        StringBuilder insert = new StringBuilder();
        for (int i = 1; i <= ROWS; i++) {
            if (insert.length() == 0) {
                insert.append("INSERT INTO owners (id, name) VALUES ");
            } else {
                insert.append(", ");
            }
            insert.append("(").append(i).append(", 'Owner ").append(i).append("')");
            if (i % 500 == 0) {
                db.execute(insert.toString());
                insert.setLength(0);
            }
        }
    }

    private static Migration email(Backfill backfill, boolean keepDefault) {
        return TestMigration.of("2", "owners", "email", SqlType.varchar(100), backfill, keepDefault);
    }

    /** The next version's column. */
    private static Migration city() {
        return TestMigration.of("3", "owners", "city", SqlType.varchar(50), Backfill.constant("'nowhere'"), false);
    }

    /** The Java twin of {@code lower(name)}. */
    public static final class LowerName implements RowBackfill<String> {
        @Override
        public String compute(Map<String, Object> row) {
            return ((String) row.get("name")).toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * Inserting as the versions of a rolling deploy do: the old ones without the column, the new one
     * with a value of its own. Records every failure and every id written.
     */
    private static final class Writers implements AutoCloseable {
        private final TestDatabase db;
        private final AtomicBoolean stop = new AtomicBoolean();
        private final AtomicInteger next = new AtomicInteger(1_000_000);
        private final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        private final AtomicInteger oldRows = new AtomicInteger();
        private final AtomicInteger newRows = new AtomicInteger();
        private final AtomicInteger retried = new AtomicInteger();
        private final List<Thread> threads = new ArrayList<>();

        Writers(TestDatabase db) {
            this.db = db;
            for (int w = 0; w < OLD_WRITERS + 1; w++) {
                boolean newVersion = w == OLD_WRITERS;
                Thread t = new Thread(() -> write(newVersion), "writer-" + w);
                t.setDaemon(true);
                threads.add(t);
                t.start();
            }
        }

        private void write(boolean newVersion) {
            String sql = newVersion ? "INSERT INTO owners (id, name, email) VALUES (?, ?, ?)"
                    : "INSERT INTO owners (id, name) VALUES (?, ?)";
            while (!stop.get()) {
                try (Connection c = db.dataSource.getConnection()) {
                    if (db.engine.startsWith("SQLite")) {
                        try (Statement st = c.createStatement()) {
                            st.execute("PRAGMA busy_timeout = 20000"); // what an application on SQLite sets
                        }
                    }
                    while (!stop.get()) {
                        if (newVersion && !hasEmail(c)) {
                            Thread.sleep(5); // the new version starts once its column is there
                            continue;
                        }
                        int id = next.incrementAndGet();
                        try (PreparedStatement ps = c.prepareStatement(sql)) {
                            ps.setInt(1, id);
                            ps.setString(2, "Written " + id);
                            if (newVersion) {
                                ps.setString(3, "given-" + id);
                            }
                            ps.executeUpdate();
                        }
                        (newVersion ? newRows : oldRows).incrementAndGet();
                        Thread.sleep(2);
                    }
                } catch (SQLException e) {
                    if (ddlFailsItOnThisEngine(e)) {
                        retried.incrementAndGet();
                    } else if (!stop.get()) {
                        errors.add((newVersion ? "new: " : "old: ") + e);
                    }
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        /**
         * What DDL does to a concurrent statement on the two in-process engines, whoever runs the DDL:
         * H2 copies a table for ALTER TABLE, and a statement another session prepares meanwhile finds
         * no table (42102, 42103), or, when it was already past its check and waiting for the table,
         * writes to the dropped copy and fails with H2's own NullPointerException (general error
         * 50000); Derby's ALTER TABLE can make a concurrent insert its deadlock victim (40001). An
         * application on them retries those, and so does this one; every other failure counts.
         */
        private boolean ddlFailsItOnThisEngine(SQLException e) {
            return db.engine.equals("H2") && (e.getErrorCode() == 42102 || e.getErrorCode() == 42103
                    || e.getErrorCode() == 50000 && e.getCause() instanceof NullPointerException)
                    || db.engine.equals("Derby") && "40001".equals(e.getSQLState());
        }

        private static boolean hasEmail(Connection c) {
            try (Statement st = c.createStatement()) {
                st.executeQuery("SELECT email FROM owners WHERE 1 = 0").close();
                return true;
            } catch (SQLException e) {
                return false;
            }
        }

        void awaitRows(int more) throws InterruptedException {
            int target = oldRows.get() + more;
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (oldRows.get() < target && errors.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
        }

        @Override
        public void close() throws InterruptedException {
            stop.set(true);
            for (Thread t : threads) {
                t.join(30_000);
            }
        }
    }

    private static long count(TestDatabase db, String where) {
        return ((Number) db.single("SELECT COUNT(*) FROM owners WHERE " + where)).longValue();
    }

    /** Triggers and functions of a fill, as the engine's catalog lists them. */
    static long fillObjects(TestDatabase db) {
        String like = "'requiredsince_fill%'";
        String product;
        try (Connection c = db.dataSource.getConnection()) {
            product = c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT);
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
        String query = product.contains("postgres")
                ? "SELECT (SELECT COUNT(*) FROM pg_trigger WHERE tgname LIKE " + like + ")"
                        + " + (SELECT COUNT(*) FROM pg_proc WHERE proname LIKE " + like + ")"
                : product.contains("mariadb") || product.contains("mysql")
                        ? "SELECT COUNT(*) FROM information_schema.triggers WHERE trigger_schema = DATABASE()"
                                + " AND trigger_name LIKE " + like
                : product.contains("sqlite") ? "SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE "
                        + like
                : product.contains("derby") ? "SELECT COUNT(*) FROM SYS.SYSTRIGGERS WHERE TRIGGERNAME LIKE " + like
                : "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TRIGGERS WHERE TRIGGER_NAME LIKE " + like;
        return ((Number) db.single(query)).longValue();
    }

    /**
     * The whole deploy: writers of the old version from before {@code migrate()} until after
     * {@code complete()}, a writer of the new version as soon as the column is there.
     */
    private static void deploy(TestDatabase db, Backfill backfill, String expected) throws Exception {
        owners(db);
        Migrator migrator = Migrator.configure(db.dataSource).migrations(List.of(email(backfill, false)))
                .batchSize(200).batchDuration(java.time.Duration.ZERO).load();
        MigrationReport expanded;
        try (Writers writers = new Writers(db)) {
            writers.awaitRows(20);
            expanded = migrator.migrate();
            writers.awaitRows(40); // the old version goes on after the new one migrated
            assertEquals(List.of(), List.copyOf(writers.errors), "no write of either version may fail during expand");
            assertEquals(MigrationState.EXPANDED, expanded.applied().get(0).state());
            assertEquals(MigrationState.EXPANDED, migrator.info().get(0).state(), migrator.info().toString());
            if (!backfill.isJava()) {
                assertEquals(0, count(db, "email IS NULL AND id < 1000000"), "every row that was there has its value");
            }
            writers.close();
            assertEquals(List.of(), List.copyOf(writers.errors), "no write may fail between migrate() and complete()");
            assertTrue(writers.newRows.get() > 0, "the new version wrote too");
        }
        // The old version's rows have their value at once, where SQL computes it (a Java backfill waits for complete).
        if (!backfill.isJava()) {
            assertEquals(0, count(db, "email IS NULL"), "an insert without the column got its value");
        }
        db.execute("INSERT INTO owners (id, name) VALUES (5000000, 'After Expand')");

        MigrationReport completed = migrator.complete();

        assertEquals(MigrationState.APPLIED, completed.applied().get(0).state(), completed.toString());
        assertEquals(MigrationState.APPLIED, migrator.info().get(0).state());
        assertEquals(0, count(db, "email IS NULL"));
        assertEquals(0, count(db, "id < 1000000 AND email <> " + expected), "the old rows have the backfill");
        assertEquals(0, count(db, "id >= 1000000 AND id < 5000000 AND email NOT LIKE 'given-%' AND email <> "
                + expected), "the rows written during the deploy have theirs");
        assertTrue(count(db, "email LIKE 'given-%'") > 0);
        for (List<Object> row : db.query("SELECT id, email FROM owners WHERE id >= 1000000 AND id < 5000000"
                + " AND email LIKE 'given-%'")) {
            assertEquals("given-" + ((Number) row.get(0)).intValue(), row.get(1), "the fill never overwrote a value"
                    + " the new version wrote");
        }
        assertEquals(1, count(db, "id = 5000000 AND email = " + expected));
        TestDatabase.ColumnFacts facts = db.column("owners", "email");
        assertFalse(facts.nullable(), "NOT NULL after complete");
        assertNull(facts.defaultValue(), "no temporary default after complete");
        assertEquals(0, fillObjects(db), "nothing of the fill is left");
        assertNotNull(db.tryExecute("INSERT INTO owners (id, name) VALUES (6000000, 'Too Old')"),
                "after complete an insert that omits the column fails");
        assertEquals(List.of(), migrator.complete().applied(), "a second complete() has nothing to do");
    }

    @EngineTest
    void aConstantKeepsTheOldVersionWritingThroughTheDeploy(TestDatabase db) throws Exception {
        deploy(db, Backfill.constant("'unknown'"), "'unknown'");
    }

    @EngineTest
    void anExpressionIsFilledForTheOldVersionsRows(TestDatabase db) throws Exception {
        deploy(db, Backfill.expression("lower(name)"), "lower(name)");
    }

    @EngineTest
    void aJavaBackfillLeavesTheColumnNullableUntilComplete(TestDatabase db) throws Exception {
        deploy(db, Backfill.perRow(LowerName.class), "lower(name)");
    }

    @EngineTest
    void keepDefaultKeepsTheDefaultThroughBothPhases(TestDatabase db) {
        owners(db);
        Migrator migrator = Migrator.configure(db.dataSource).migrations(List.of(email(Backfill.constant("'unknown'"),
                true))).load();
        migrator.migrate();
        db.execute("INSERT INTO owners (id, name) VALUES (7000000, 'Old')");
        migrator.complete();

        TestDatabase.ColumnFacts facts = db.column("owners", "email");
        assertFalse(facts.nullable());
        assertNotNull(facts.defaultValue(), "keepDefault keeps the default after complete");
        db.execute("INSERT INTO owners (id, name) VALUES (7000001, 'Still Old')");
        assertEquals(0, count(db, "email <> 'unknown'"));
    }

    @EngineTest
    void theNextVersionCompletesTheOneBefore(TestDatabase db) {
        owners(db);
        Migration v2 = email(Backfill.expression("lower(name)"), false);
        Migration v3 = city();
        Migrator.configure(db.dataSource).migrations(List.of(v2)).load().migrate();
        assertTrue(db.column("owners", "email").exists());
        assertTrue(fillObjects(db) > 0, "the fill of v2 is in place while it is expanded");

        Migrator next = Migrator.configure(db.dataSource).migrations(List.of(v2, v3)).load();
        List<PlannedStatement> plan = next.plan();
        assertTrue(plan.stream().anyMatch(p -> p.script().equals("owners.email") && p.step().equals("drop fill")
                && !p.completePhase()), "this migrate() completes v2: " + plan);
        MigrationReport report = next.migrate();

        assertEquals(List.of("owners.email", "owners.city"), report.applied().stream().map(MigrationResult::script)
                .toList());
        assertEquals(MigrationState.APPLIED, report.applied().get(0).state(), "v3's migrate() completed v2");
        assertEquals(MigrationState.EXPANDED, report.applied().get(1).state());
        assertFalse(db.column("owners", "email").nullable());
        assertEquals(0, fillObjects(db));
        assertNotNull(db.tryExecute("INSERT INTO owners (id, name, city) VALUES (7000002, 'v2 gone', 'x')"),
                "v2 is complete: its column is required");
        db.execute("INSERT INTO owners (id, name, email) VALUES (7000003, 'v2 still runs', 'a@b')");
        assertEquals(1, count(db, "id = 7000003 AND city = 'nowhere'"), "v3 is expanded: v2's inserts still work");
    }

    @EngineTest
    void versionsAppliedTogetherOnAFreshDatabaseStayExpanded(TestDatabase db) {
        owners(db);
        Migration v2 = email(Backfill.expression("lower(name)"), false);
        Migration v3 = city();
        MigrationReport report = Migrator.configure(db.dataSource).migrations(List.of(v2, v3)).load().migrate();

        assertEquals(List.of(MigrationState.EXPANDED, MigrationState.EXPANDED), report.applied().stream()
                .map(MigrationResult::state).toList(), "only a migration an earlier run expanded is completed");
        db.execute("INSERT INTO owners (id, name) VALUES (7000004, 'v1 still runs')");
        assertEquals(1, count(db, "id = 7000004 AND email = 'v1 still runs' AND city = 'nowhere'"));
    }

    @EngineTest
    void thePlanShowsBothPhasesAndEachPhaseRunsWhatItShows(TestDatabase db) {
        owners(db);
        Migrator migrator = Migrator.configure(db.dataSource).migrations(List.of(email(Backfill.expression(
                "lower(name)"), false))).load();
        List<PlannedStatement> before = migrator.plan();
        assertTrue(before.stream().anyMatch(PlannedStatement::completePhase), before.toString());
        assertTrue(before.stream().anyMatch(p -> !p.completePhase()), before.toString());
        assertTrue(before.toString().contains(", at complete()"), "printed, the plan names the complete phase");

        MigrationReport expanded = migrator.migrate();
        assertEquals(before.stream().filter(p -> !p.completePhase()).map(PlannedStatement::sql).toList(),
                expanded.applied().get(0).steps().stream().map(ExecutedStep::sql).toList());

        List<PlannedStatement> after = migrator.plan();
        assertTrue(after.stream().allMatch(PlannedStatement::completePhase), after.toString());
        MigrationReport completed = migrator.complete();
        assertEquals(after.stream().map(PlannedStatement::sql).toList(),
                completed.applied().get(0).steps().stream().map(ExecutedStep::sql).toList());
        assertEquals(List.of(), migrator.plan());
    }

    @EngineTest
    void undoOfAnExpandedMigrationRemovesItsFill(TestDatabase db) {
        owners(db);
        Migrator migrator = Migrator.configure(db.dataSource).migrations(List.of(email(Backfill.expression(
                "lower(name)"), false))).load();
        migrator.migrate();

        List<UndoResult> undone = migrator.undo();

        assertEquals(1, undone.size());
        assertFalse(db.column("owners", "email").exists());
        assertEquals(0, fillObjects(db), "nothing of the fill is left");
        db.execute("INSERT INTO owners (id, name) VALUES (7000005, 'v1 again')");
        assertEquals(MigrationState.PENDING, migrator.info().get(0).state());
    }

    @EngineTest
    void completeImmediatelyAppliesWholeWithoutAFill(TestDatabase db) {
        owners(db);
        Migrator migrator = Migrator.configure(db.dataSource).completeImmediately(true).migrations(List.of(email(
                Backfill.expression("lower(name)"), false))).load();
        assertTrue(migrator.plan().stream().noneMatch(PlannedStatement::completePhase));

        MigrationReport report = migrator.migrate();

        assertEquals(MigrationState.APPLIED, report.applied().get(0).state());
        assertTrue(report.applied().get(0).steps().stream().noneMatch(s -> s.step().equals("add fill") || s.step().equals("drop fill")),
                report.toString());
        assertFalse(db.column("owners", "email").nullable());
        assertEquals(0, fillObjects(db));
    }

    /**
     * Applied in one phase, with an old version's instance still inserting: a row it writes after the
     * last pass over the NULL rows, before the column is tightened, is named for what it is (the
     * backfill gives it a value), not taken for a backfill that yields NULL; the rerun without the
     * writer finishes. PostgreSQL fills the last rows under a table lock and SQLite in its rebuild's
     * copy, so the row cannot slip in there.
     */
    @EngineTest(family = {EngineFamily.MARIADB, EngineFamily.H2, EngineFamily.HSQLDB, EngineFamily.DERBY})
    void aWriterTheOnePhaseRoadDoesNotFillIsNamedAsSuch(TestDatabase db) {
        owners(db);
        String before = db.engine.startsWith("MariaDB") ? "prove no nulls" : "set not null";
        MigrationListener oldVersion = new MigrationListener() {
            @Override
            public void stepStarted(String migration, String step, String sql) {
                if (step.equals(before)) {
                    db.execute("INSERT INTO owners (id, name) VALUES (7000100, 'Still Old')");
                }
            }
        };
        Migration m = email(Backfill.expression("lower(name)"), false);
        MigrationException e = assertThrows(MigrationException.class, () -> Migrator.configure(db.dataSource)
                .completeImmediately(true).listener(oldVersion).migrations(List.of(m)).load().migrate());

        assertTrue(e.getMessage().contains("by a writer that omits the column"), e.getMessage());
        assertFalse(e.getMessage().contains("yields NULL"), e.getMessage());
        assertTrue(e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("(id=7000100)"), e.getMessage());
        assertTrue(db.column("owners", "email").nullable(), "never half-tightened");

        MigrationReport rerun = Migrator.configure(db.dataSource).completeImmediately(true).migrations(List.of(m))
                .load().migrate();

        assertEquals(MigrationState.APPLIED, rerun.applied().get(0).state());
        assertEquals(1, count(db, "id = 7000100 AND email = 'still old'"));
    }

    @EngineTest
    void aFailureLaterInTheSameReleaseCompletesNothing(TestDatabase db) {
        owners(db);
        Migration v2 = email(Backfill.expression("lower(name)"), false);
        Migration v3OnAMissingTable = TestMigration.of("3", "no_such_table", "city", SqlType.varchar(50),
                Backfill.constant("'nowhere'"), false);
        Migrator release = Migrator.configure(db.dataSource).migrations(List.of(v2, v3OnAMissingTable)).load();
        assertThrows(MigrationException.class, release::migrate, "v3 fails before it is recorded");
        assertEquals(MigrationState.EXPANDED, release.info().get(0).state());

        // The same release again, v3 fixed: v3 is pending, but the release that expanded v2 knew it.
        MigrationReport again = Migrator.configure(db.dataSource).migrations(List.of(v2, city())).load().migrate();

        assertEquals(List.of("owners.city"), again.applied().stream().map(MigrationResult::script).toList(),
                "v2 is not completed by its own release");
        db.execute("INSERT INTO owners (id, name) VALUES (7000006, 'v1 still runs')");
        assertEquals(1, count(db, "id = 7000006 AND email = 'v1 still runs' AND city = 'nowhere'"));
    }

    @EngineTest(family = {EngineFamily.H2, EngineFamily.HSQLDB, EngineFamily.DERBY})
    void aTableWithoutAKeyStopsAtTheWalkAndLeavesNoFill(TestDatabase db) {
        db.execute("CREATE TABLE keyless (name VARCHAR(100) NOT NULL)", "INSERT INTO keyless (name) VALUES ('A')");
        Migrator migrator = Migrator.configure(db.dataSource).migrations(List.of(TestMigration.of("2", "keyless",
                "email", SqlType.varchar(100), Backfill.expression("lower(name)"), false))).load();
        // No key to walk by: the engine says so; the fill needs one too.
        MigrationException e = assertThrows(MigrationException.class, migrator::migrate);
        assertTrue(e.getMessage().contains("primary key"), e.getMessage());
        assertEquals(0, fillObjects(db));
    }

    @EngineTest(family = EngineFamily.SQLITE)
    void aSqliteTableWithoutAKeyIsFilledByRowid(TestDatabase db) {
        db.execute("CREATE TABLE keyless (name VARCHAR(100) NOT NULL)", "INSERT INTO keyless (name) VALUES ('A')");
        Migrator migrator = Migrator.configure(db.dataSource).migrations(List.of(TestMigration.of("2", "keyless",
                "email", SqlType.varchar(100), Backfill.expression("lower(name)"), false))).load();
        migrator.migrate();
        db.execute("INSERT INTO keyless (name) VALUES ('Old')");
        assertEquals(1L, ((Number) db.single("SELECT COUNT(*) FROM keyless WHERE email = 'old'")).longValue());
        migrator.complete();
        assertFalse(db.column("keyless", "email").nullable());
        assertEquals(0, fillObjects(db));
    }

    @EngineTest
    void aConstantOnAColumnThatExistsIsPlannedAsItRuns(TestDatabase db) {
        owners(db);
        db.execute("ALTER TABLE owners ADD " + (db.isMysqlFamily() ? "COLUMN " : "") + "email VARCHAR(100)");
        Migrator migrator = Migrator.configure(db.dataSource).migrations(List.of(email(Backfill.constant("'unknown'"),
                false))).load();
        List<PlannedStatement> before = migrator.plan();

        MigrationReport expanded = migrator.migrate();

        assertEquals(before.stream().filter(p -> !p.completePhase()).map(PlannedStatement::sql).toList(),
                expanded.applied().get(0).steps().stream().map(ExecutedStep::sql).toList());
        db.execute("INSERT INTO owners (id, name) VALUES (7000007, 'Old')");
        assertEquals(1, count(db, "id = 7000007 AND email = 'unknown'"), "the old version's insert got the value");
        migrator.complete();
        assertFalse(db.column("owners", "email").nullable());
    }

    @EngineTest(only = {TestEngine.H2, TestEngine.POSTGRES_17, TestEngine.SQLITE_CURRENT, TestEngine.MARIADB})
    void repairRefusesToForgetAnExpandedMigration(TestDatabase db) {
        owners(db);
        Migration v2 = email(Backfill.expression("lower(name)"), false);
        Migrator.configure(db.dataSource).migrations(List.of(v2)).load().migrate();

        Migrator without = Migrator.configure(db.dataSource).migrations(List.of()).load();
        MigrationException e = assertThrows(MigrationException.class, without::repair);

        assertTrue(e.getMessage().contains("is expanded") && e.getMessage().contains("complete() or undo()"),
                e.getMessage());
        assertTrue(fillObjects(db) > 0, "its fill is still there, and still works");
        db.execute("INSERT INTO owners (id, name) VALUES (7000008, 'Old')");
        assertEquals(1, count(db, "id = 7000008 AND email = 'old'"));
    }
}
