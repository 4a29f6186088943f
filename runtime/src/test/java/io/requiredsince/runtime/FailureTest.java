package io.requiredsince.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.requiredsince.runtime.internal.Batches;
import java.util.List;
import java.util.function.Supplier;

/**
 * Fault group 3: each kind of bad backfill, on every engine. The error names the table, the column,
 * the step, the number of offending rows and a few keys; the table keeps every row and value; the
 * column stays nullable; fixing the cause and running again succeeds.
 */
class FailureTest {

    private static TestDatabase organizations(Supplier<TestDatabase> engine) {
        TestDatabase db = engine.get();
        db.execute("CREATE TABLE organizations (id INTEGER PRIMARY KEY, name VARCHAR(100), email VARCHAR(100))",
                "INSERT INTO organizations (id, name, email) VALUES (1, 'Org 1', 'A@X.ORG'), (2, 'Org 2', NULL),"
                        + " (3, 'Org 3', 'C@X.ORG'), (4, 'Org 4', NULL), (5, 'Org 5', 'E@X.ORG')");
        return db;
    }

    private static final List<List<Object>> ORIGINAL = List.of(
            List.of(1, "Org 1"), List.of(2, "Org 2"), List.of(3, "Org 3"), List.of(4, "Org 4"), List.of(5, "Org 5"));

    private static void assertNothingLost(TestDatabase db, String column) {
        assertEquals(ORIGINAL, db.query("SELECT id, name FROM organizations ORDER BY id").stream()
                .map(r -> List.<Object>of(((Number) r.get(0)).intValue(), r.get(1))).toList(), "every row kept");
        assertEquals(2L, ((Number) db.single("SELECT COUNT(*) FROM organizations WHERE email IS NULL")).longValue());
        assertTrue(db.column("organizations", column).nullable(), "the column stays nullable");
    }

    private static MigrationException failing(TestDatabase db, Migration m) {
        return assertThrows(MigrationException.class,
                () -> Migrator.configure(db.dataSource).completeImmediately(true)
                        .migrations(List.of(m)).load().migrate());
    }

    /** Before SQLite 3.53 the table rebuild's copy fills the NULL rows, so that is where a bad backfill fails. */
    private static String step(TestDatabase db, String step) {
        return db.engine.equals("SQLite (old driver)") ? "rebuild table" : step;
    }

    private static void assertNames(MigrationException e, String column, String step, String count, String keys) {
        String msg = e.getMessage().toLowerCase(java.util.Locale.ROOT);
        column = column.toLowerCase(java.util.Locale.ROOT);
        keys = keys.toLowerCase(java.util.Locale.ROOT);
        assertEquals("organizations." + column, e.script().toLowerCase(java.util.Locale.ROOT));
        assertTrue(e.step().startsWith(step), e.step() + " is not " + step);
        assertTrue(msg.contains("organizations"), msg);
        assertTrue(msg.contains(column), msg);
        assertTrue(msg.contains("'" + e.step() + "'"), msg);
        assertTrue(msg.contains(count), msg);
        assertTrue(msg.contains(keys), msg);
    }

    @EngineTest
    void backfillYieldingNullStopsBeforeTighteningAndNamesTheRows(Supplier<TestDatabase> engine) {
        TestDatabase db = organizations(engine);
        MigrationException e = failing(db, TestMigration.of("2", "organizations", "contact", SqlType.varchar(100),
                Backfill.expression("lower(email)"), false));

        // The NULLs are found once the batches and their final pass are done (on PostgreSQL, "final pass and check").
        assertNames(e, "contact", step(db, "final pass"), "2 row(s)", "(id=2), (id=4)");
        assertNothingLost(db, "contact");
        Migrator.configure(db.dataSource).completeImmediately(true)
                .migrations(List.of(TestMigration.of("2", "organizations", "contact",
                SqlType.varchar(100), Backfill.expression("coalesce(lower(email), 'none')"), false))).load().migrate();
        assertEquals(List.of(List.of("a@x.org"), List.of("none"), List.of("c@x.org"), List.of("none"),
                List.of("e@x.org")), db.query("SELECT contact FROM organizations ORDER BY id"));
        assertFalse(db.column("organizations", "contact").nullable());
    }

    @EngineTest
    void backfillViolatingAUniqueIndexLosesNothing(Supplier<TestDatabase> engine) {
        TestDatabase db = organizations(engine);
        db.execute("ALTER TABLE organizations ADD COLUMN code VARCHAR(20)", db.engine.equals("Derby")
                // Derby's unique index takes NULLs for equal; its UNIQUE constraint allows many.
                ? "ALTER TABLE organizations ADD CONSTRAINT organizations_code UNIQUE (code)"
                : "CREATE UNIQUE INDEX organizations_code ON organizations (code)");
        MigrationException e = failing(db, TestMigration.of("2", "organizations", "code", SqlType.varchar(20),
                Backfill.constant("'same'"), false));

        assertNames(e, "code", step(db, "backfill"), "5 row(s)", "(id=1), (id=2), (id=3)");
        assertNothingLost(db, "code");
        Migrator.configure(db.dataSource).completeImmediately(true)
                .migrations(List.of(TestMigration.of("2", "organizations", "code",
                SqlType.varchar(20), Backfill.expression(db.engine.equals("Derby")
                ? "'code-' || trim(char(id))" : "concat('code-', id)"), false))).load().migrate();
        assertEquals("code-4", db.single("SELECT code FROM organizations WHERE id = 4"));
        assertFalse(db.column("organizations", "code").nullable());
    }

    @EngineTest
    void backfillViolatingACheckLosesNothing(Supplier<TestDatabase> engine) {
        TestDatabase db = organizations(engine);
        db.execute("ALTER TABLE organizations ADD COLUMN seats INTEGER CHECK (seats > 0)");
        MigrationException e = failing(db, TestMigration.of("2", "organizations", "seats", SqlType.integer(),
                Backfill.constant("0"), false));

        assertNames(e, "seats", step(db, "backfill"), "5 row(s)", "(id=1)");
        assertNothingLost(db, "seats");
        Migrator.configure(db.dataSource).completeImmediately(true)
                .migrations(List.of(TestMigration.of("2", "organizations", "seats",
                SqlType.integer(), Backfill.constant("1"), false))).load().migrate();
        assertEquals(5L, ((Number) db.single("SELECT SUM(seats) FROM organizations")).longValue());
    }

    // Engines that check a value's type when it is stored (SQLite stores 'Org 1' in an INTEGER column as text).
    @EngineTest(exceptFamily = EngineFamily.SQLITE)
    void backfillOfTheWrongTypeLosesNothing(Supplier<TestDatabase> engine) {
        TestDatabase db = organizations(engine);
        MigrationException e = failing(db, TestMigration.of("2", "organizations", "rank", SqlType.integer(),
                Backfill.expression("name"), false));

        assertNames(e, "rank", step(db, "backfill"), "5 row(s)", "(id=1), (id=2)");
        assertNothingLost(db, "rank");
        Migrator.configure(db.dataSource).completeImmediately(true)
                .migrations(List.of(TestMigration.of("2", "organizations", "rank",
                SqlType.integer(), Backfill.expression("id * 10"), false))).load().migrate();
        assertEquals(150L, ((Number) db.single("SELECT SUM(" + "rank" + ") FROM organizations")).longValue());
    }

    // Engines whose running statement another session can cancel, and a sleep to be caught in. The
    // run's own session has no statement timeout (ServerTimeoutsTest), so an operator's cancel is what
    // ends a statement early there.
    @EngineTest(family = {EngineFamily.POSTGRES, EngineFamily.MARIADB})
    void aBatchCancelledByAnOperatorLosesNothing(Supplier<TestDatabase> engine) throws Exception {
        TestDatabase db = organizations(engine);
        boolean postgres = TestEngine.of(engine).family() == EngineFamily.POSTGRES;
        String slow = postgres ? "left('slow' || pg_sleep(0.4)::text, 4)" : "concat('slow', sleep(0.4))";
        // The batch's UPDATE of the table, not the history's INSERT, whose text holds the backfill too.
        String find = postgres
                ? "SELECT pid FROM pg_stat_activity WHERE state = 'active' AND pid <> pg_backend_pid()"
                        + " AND query ILIKE 'update \"organizations\" set \"label\"%pg_sleep(0.4)%'"
                : "SELECT id FROM information_schema.processlist WHERE id <> connection_id()"
                        + " AND info LIKE 'update `organizations` set `label`%sleep(0.4)%'";
        Thread operator = new Thread(() -> {
            for (int i = 0; i < 500; i++) {
                List<List<Object>> running = db.query(find);
                if (!running.isEmpty()) {
                    Object id = running.get(0).get(0);
                    db.execute(postgres ? "SELECT pg_cancel_backend(" + id + ")" : "KILL QUERY " + id);
                    return;
                }
                Batches.sleep(20);
            }
        });
        operator.start();
        MigrationException e = failing(db, TestMigration.of("2", "organizations", "label", SqlType.varchar(20),
                Backfill.expression(slow), false));
        operator.join();

        assertNames(e, "label", step(db, "backfill"), "5 row(s)", "(id=1)");
        assertNothingLost(db, "label");
        Migrator.configure(db.dataSource).completeImmediately(true)
                .migrations(List.of(TestMigration.of("2", "organizations", "label",
                SqlType.varchar(20), Backfill.expression("'fast'"), false))).load().migrate();
        assertEquals(5L, ((Number) db.single("SELECT COUNT(*) FROM organizations WHERE label = 'fast'")).longValue());
    }
}
