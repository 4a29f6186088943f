package io.requiredsince.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SQLite on the current driver (ALTER COLUMN … SET NOT NULL) and on an old one (the table rebuild):
 * the exact plan on each, and the rebuild keeping indexes, triggers, views and foreign keys.
 */
class SqliteTest {

    private static TestDatabase db(boolean old, boolean foreignKeys) {
        return old ? SqliteEngines.old(foreignKeys) : SqliteEngines.current(foreignKeys);
    }

    /** A keyword as table name, a mixed-case parent, a backfill with a quote in it. */
    private static TestDatabase orders(boolean old) {
        TestDatabase db = db(old, true);
        db.execute("CREATE TABLE \"Plan\" (id INTEGER PRIMARY KEY, label TEXT NOT NULL)",
                "INSERT INTO \"Plan\" VALUES (1, 'basic'), (2, 'gold')",
                "CREATE TABLE \"order\" (id INTEGER PRIMARY KEY AUTOINCREMENT, plan_id INTEGER NOT NULL"
                        + " REFERENCES \"Plan\"(id), ref VARCHAR(20) COLLATE NOCASE, amount DECIMAL(10, 2) DEFAULT 0,"
                        + " note TEXT, UNIQUE (ref), CHECK (amount >= 0))",
                "CREATE TABLE order_line (id INTEGER PRIMARY KEY, order_id INTEGER NOT NULL REFERENCES \"order\"(id),"
                        + " qty INTEGER NOT NULL)",
                "CREATE INDEX \"order_by_plan\" ON \"order\" (plan_id, amount)",
                "CREATE TABLE audit (what TEXT)",
                "CREATE TRIGGER order_audit AFTER INSERT ON \"order\" BEGIN"
                        + " INSERT INTO audit VALUES ('order ' || NEW.ref); END",
                "CREATE VIEW big_orders AS SELECT id, ref FROM \"order\" WHERE amount > 50",
                "INSERT INTO \"order\" (id, plan_id, ref, amount, note) VALUES (1, 1, 'A-1', 10.5, 'x'),"
                        + " (2, 2, 'A-2', 99, NULL), (3, 1, 'A-3', 51, 'Zürich'), (7, 2, 'A-7', 0, 'it''s')",
                "INSERT INTO order_line VALUES (1, 1, 3), (2, 2, 1), (3, 7, 2)",
                "DELETE FROM audit");
        return db;
    }

    private static Migration customer(boolean keepDefault) {
        return TestMigration.of("5", "order", "customer", SqlType.varchar(40), Backfill.constant("'O''Brien'"),
                keepDefault);
    }

    @Test
    void theTwoDriversAreOnBothSidesOfSqlite353() throws Exception {
        for (boolean old : new boolean[] {false, true}) {
            try (java.sql.Connection c = db(old, false).dataSource.getConnection()) {
                int major = c.getMetaData().getDatabaseMajorVersion();
                int minor = c.getMetaData().getDatabaseMinorVersion();
                assertEquals(3, major);
                assertEquals(old, minor < 53, "SQLite " + major + "." + minor + " on the " + (old ? "old" : "current")
                        + " driver");
            }
        }
    }

    @Test
    void planOnTheCurrentDriverIsAddBackfillSetNotNull() {
        TestDatabase db = orders(false);
        Migrator migrator = Migrator.configure(db.dataSource).completeImmediately(true)
                .migrations(List.of(customer(false))).load();

        assertEquals(List.of(
                "alter table \"order\" add customer varchar(40) null",
                "update \"order\" set customer = 'O''Brien' where (id > :after and id <= :upto and customer is null)",
                "update \"order\" set customer = 'O''Brien' where (id > :after and id <= :upto and customer is null)",
                "alter table \"order\" alter customer set not null"),
                migrator.plan().stream().map(PlannedStatement::sql).toList());
    }

    @Test
    void planOnTheOldDriverIsAddBackfillRebuild() {
        TestDatabase db = orders(true);
        Migrator migrator = Migrator.configure(db.dataSource).completeImmediately(true)
                .migrations(List.of(customer(false))).load();

        List<PlannedStatement> plan = migrator.plan();

        // The rebuild fills the NULLs in its copy (coalesce below): no batched walk before it.
        assertEquals(List.of("add column", "rebuild table"), plan.stream().map(PlannedStatement::step).toList());
        assertEquals("alter table \"order\" add customer varchar(40) null", plan.get(0).sql());
        assertEquals(String.join(";\n",
                "pragma foreign_keys = off",
                "pragma legacy_alter_table = on",
                "begin",
                "create table requiredsince_new_order (id INTEGER PRIMARY KEY AUTOINCREMENT, plan_id INTEGER"
                        + " NOT NULL REFERENCES \"Plan\"(id), ref VARCHAR(20) COLLATE NOCASE, amount DECIMAL(10, 2)"
                        + " DEFAULT 0, note TEXT, customer varchar(40) not null, UNIQUE (ref), CHECK (amount >= 0))",
                "insert into requiredsince_new_order (id, plan_id, ref, amount, note,"
                        + " customer) select id, plan_id, ref, amount, note,"
                        + " coalesce(customer, 'O''Brien') from \"order\"",
                "drop table \"order\"",
                "alter table requiredsince_new_order rename to \"order\"",
                "update sqlite_sequence set seq = 7 where name = 'order'",
                "insert into sqlite_sequence (name, seq) select 'order', 7 where not exists"
                        + " (select 1 from sqlite_sequence where name = 'order')",
                "CREATE INDEX \"order_by_plan\" ON \"order\" (plan_id, amount)",
                "CREATE TRIGGER order_audit AFTER INSERT ON \"order\" BEGIN INSERT INTO audit VALUES"
                        + " ('order ' || NEW.ref); END",
                "select * from pragma_foreign_key_check where \"table\" = 'order' collate nocase"
                        + " or parent = 'order' collate nocase",
                "commit",
                "pragma legacy_alter_table = off",
                "pragma foreign_keys = on"), plan.get(1).sql());
        // What plan() promised is what migrate() runs.
        assertEquals(plan.stream().map(PlannedStatement::sql).toList(), migrator.migrate().applied().get(0).steps()
                .stream().map(ExecutedStep::sql).toList());
    }

    @ParameterizedTest(name = "old driver: {0}")
    @ValueSource(booleans = {true, false})
    void rebuildKeepsIndexesTriggersViewsForeignKeysAndRows(boolean old) {
        TestDatabase db = orders(old);
        String columns = "id, plan_id, ref, amount, note";
        List<List<Object>> rowsBefore = db.query("SELECT " + columns + " FROM \"order\" ORDER BY id");
        List<List<Object>> schemaBefore = db.query("SELECT type, name, tbl_name, sql FROM sqlite_master"
                + " WHERE type IN ('index', 'trigger', 'view') AND tbl_name IN ('order', 'big_orders') ORDER BY name");
        Migration city = TestMigration.of("6", "order", "city", SqlType.varchar(50), Backfill.constant("'Zürich'"),
                false);

        MigrationReport report = Migrator.configure(db.dataSource).completeImmediately(true)
                .migrations(List.of(customer(false), city)).load()
                .migrate();

        assertEquals(2, report.applied().size());
        if (old) {
            assertTrue(report.applied().stream().allMatch(r -> r.steps().stream()
                    .anyMatch(s -> s.step().equals("rebuild table"))), "the old driver rebuilds the table");
        }
        assertEquals(rowsBefore, db.query("SELECT " + columns + " FROM \"order\" ORDER BY id"), "rows unchanged");
        assertEquals(List.of(List.of("O'Brien", "Zürich")), db.query("SELECT DISTINCT customer, city FROM \"order\""));
        assertFalse(db.column("order", "customer").nullable());
        assertFalse(db.column("order", "city").nullable());
        assertNull(db.column("order", "city").defaultValue());
        assertEquals(schemaBefore, db.query("SELECT type, name, tbl_name, sql FROM sqlite_master"
                + " WHERE type IN ('index', 'trigger', 'view') AND tbl_name IN ('order', 'big_orders') ORDER BY name"),
                "indexes, triggers and views kept");
        assertEquals(0L, ((Number) db.single("SELECT count(*) FROM sqlite_master WHERE name LIKE 'requiredsince_new%'"))
                .longValue());
        assertTrue(db.query("PRAGMA foreign_key_check").isEmpty());
        assertEquals(7L, ((Number) db.single("SELECT seq FROM sqlite_sequence WHERE name = 'order'")).longValue(),
                "the AUTOINCREMENT counter kept");

        // Everything still works: the trigger, the view, the index, the UNIQUE and CHECK constraints,
        // the foreign key out to "Plan" and the one in from order_line, AUTOINCREMENT.
        db.execute("INSERT INTO \"order\" (plan_id, ref, amount, customer, city) VALUES (2, 'B-1', 60, 'c', 'Bern')");
        assertEquals(8L, ((Number) db.single("SELECT id FROM \"order\" WHERE ref = 'b-1'")).longValue(),
                "AUTOINCREMENT continues, COLLATE NOCASE kept");
        assertEquals(List.of(List.of("order B-1")), db.query("SELECT what FROM audit"));
        assertEquals(List.of(List.of(2), List.of(3), List.of(8)), db.query("SELECT id FROM big_orders ORDER BY id")
                .stream().map(r -> List.<Object>of(((Number) r.get(0)).intValue())).toList());
        assertTrue(db.query("EXPLAIN QUERY PLAN SELECT * FROM \"order\" WHERE plan_id = 1").toString()
                .contains("order_by_plan"));
        assertNotNull(db.tryExecute("INSERT INTO \"order\" (plan_id, ref, customer, city) VALUES (1, 'a-1', 'c', 'x')"),
                "UNIQUE (ref) kept");
        assertNotNull(db.tryExecute("INSERT INTO \"order\" (plan_id, ref, amount, customer, city)"
                + " VALUES (1, 'C-1', -1, 'c', 'x')"), "CHECK kept");
        assertNotNull(db.tryExecute("INSERT INTO \"order\" (plan_id, ref, customer, city) VALUES (9, 'C-2', 'c', 'x')"),
                "foreign key to \"Plan\" kept");
        assertNotNull(db.tryExecute("INSERT INTO order_line VALUES (10, 999, 1)"), "foreign key from order_line kept");
        assertNotNull(db.tryExecute("DELETE FROM \"order\" WHERE id = 1"), "a referenced order cannot go");
        assertNotNull(db.tryExecute("INSERT INTO \"order\" (plan_id, ref, city) VALUES (1, 'C-3', 'x')"),
                "customer is required now");
        assertEquals(1L, ((Number) db.single("PRAGMA foreign_keys")).longValue(), "foreign keys back on");
    }

    @Test
    void failedRebuildLeavesTheTableUntouchedAndARerunConverges() {
        TestDatabase db = orders(true);
        // A dangling reference the rebuild's foreign key check finds (inserted with the checks off).
        db.execute("PRAGMA foreign_keys = OFF", "INSERT INTO order_line VALUES (99, 12345, 1)");
        List<List<Object>> before = db.query("SELECT id, plan_id, ref, amount, note FROM \"order\" ORDER BY id");
        Object tableSql = db.single("SELECT sql FROM sqlite_master WHERE name = 'order'");

        MigrationException e = assertThrows(MigrationException.class,
                () -> Migrator.configure(db.dataSource).completeImmediately(true)
                        .migrations(List.of(customer(false))).load().migrate());

        assertEquals("rebuild table", e.step());
        assertTrue(e.getMessage().contains("foreign_key_check"), e.getMessage());
        // Only the added column (from the step before) differs: the rebuild rolled back as a whole.
        assertEquals(tableSql.toString().replace("note TEXT, UNIQUE", "note TEXT, customer varchar(40) null, UNIQUE"),
                db.single("SELECT sql FROM sqlite_master WHERE name = 'order'"));
        assertTrue(db.column("order", "customer").nullable(), "never half-tightened");
        assertEquals(before, db.query("SELECT id, plan_id, ref, amount, note FROM \"order\" ORDER BY id"));
        assertEquals(0L, ((Number) db.single("SELECT count(*) FROM sqlite_master WHERE name LIKE 'requiredsince_new%'"))
                .longValue());
        assertEquals(2L, ((Number) db.single("SELECT count(*) FROM sqlite_master WHERE type IN ('index', 'trigger')"
                + " AND tbl_name = 'order' AND sql IS NOT NULL")).longValue());

        db.execute("DELETE FROM order_line WHERE id = 99");
        MigrationReport report = Migrator.configure(db.dataSource).completeImmediately(true)
                .migrations(List.of(customer(false))).load()
                .migrate();

        assertEquals(List.of("rebuild table"), report.applied().get(0).steps().stream()
                .map(ExecutedStep::step).toList(), "the rerun resumes: the column is not added again");
        assertEquals(((Number) db.single("SELECT count(*) FROM \"order\"")).longValue(), report.rowsBackfilled(),
                "the rebuild's copy gave every row its value");
        assertFalse(db.column("order", "customer").nullable());
    }

    @ParameterizedTest(name = "old driver: {0}")
    @ValueSource(booleans = {true, false})
    void keepDefaultOnAnExistingColumnRebuildsWithTheDefault(boolean old) {
        TestDatabase db = orders(old);
        db.execute("ALTER TABLE \"order\" ADD COLUMN customer VARCHAR(40)",
                "UPDATE \"order\" SET customer = 'known' WHERE id = 1");

        Migrator.configure(db.dataSource).completeImmediately(true)
                .migrations(List.of(customer(true))).load().migrate();

        assertFalse(db.column("order", "customer").nullable());
        assertNotNull(db.column("order", "customer").defaultValue());
        db.execute("INSERT INTO \"order\" (plan_id, ref) VALUES (1, 'D-1')");
        assertEquals(List.of(List.of("known"), List.of("O'Brien"), List.of("O'Brien"), List.of("O'Brien"),
                List.of("O'Brien")), db.query("SELECT customer FROM \"order\" ORDER BY id"));
    }
}
