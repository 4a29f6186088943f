package io.requiredsince.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;

/**
 * The road H2, HSQLDB and Derby take (add nullable, backfill in primary-key batches then a final pass,
 * SET NOT NULL), pinned statement by statement.
 */
class GenericPlanTest {

    private static void accounts(TestDatabase db) {
        db.execute("CREATE TABLE accounts (id INTEGER PRIMARY KEY, email VARCHAR(100))",
                "INSERT INTO accounts VALUES (1, 'A@X.ORG')", "INSERT INTO accounts VALUES (2, 'b@y.org')");
    }

    private static List<String> plan(TestDatabase db, Migration m) {
        return Migrator.configure(db.dataSource).completeImmediately(true).migrations(List.of(m)).load().plan().stream()
                .map(PlannedStatement::sql).toList();
    }

    @EngineTest(only = {TestEngine.H2, TestEngine.HSQLDB, TestEngine.DERBY})
    void constantBackfill(TestDatabase db) {
        accounts(db);
        Migration m = TestMigration.of("1", "accounts", "plan", SqlType.varchar(20), Backfill.constant("'free'"), false);

        assertEquals(List.of(
                "alter table \"ACCOUNTS\" add \"PLAN\" varchar(20)",
                "update \"ACCOUNTS\" set \"PLAN\" = 'free' where (\"ID\" > :after and \"ID\" <= :upto and \"PLAN\" is null)",
                "update \"ACCOUNTS\" set \"PLAN\" = 'free' where (\"ID\" > :after and \"ID\" <= :upto and \"PLAN\" is null)",
                "alter table \"ACCOUNTS\" alter \"PLAN\" set not null"), plan(db, m),
                "no default was ever set, so there is none to drop");
        Migrator.configure(db.dataSource).completeImmediately(true).migrations(List.of(m)).load().migrate();
        assertEquals(List.of(List.of("free"), List.of("free")), db.query("SELECT plan FROM accounts ORDER BY id"));
        assertFalse(db.column("accounts", "plan").nullable());
        assertNull(db.column("accounts", "plan").defaultValue());
    }

    @EngineTest(only = {TestEngine.H2, TestEngine.HSQLDB, TestEngine.DERBY})
    void expressionBackfill(TestDatabase db) {
        accounts(db);
        Migration m = TestMigration.of("1", "accounts", "login", SqlType.varchar(100),
                Backfill.expression("lower(email)"), false);

        assertEquals(List.of(
                "alter table \"ACCOUNTS\" add \"LOGIN\" varchar(100)",
                "update \"ACCOUNTS\" set \"LOGIN\" = lower(email) where (\"ID\" > :after and \"ID\" <= :upto and \"LOGIN\" is null)",
                "update \"ACCOUNTS\" set \"LOGIN\" = lower(email) where (\"ID\" > :after and \"ID\" <= :upto and \"LOGIN\" is null)",
                "alter table \"ACCOUNTS\" alter \"LOGIN\" set not null"), plan(db, m));
        Migrator.configure(db.dataSource).completeImmediately(true).migrations(List.of(m)).load().migrate();
        assertEquals(List.of(List.of("a@x.org"), List.of("b@y.org")), db.query("SELECT login FROM accounts ORDER BY id"));
    }

    @EngineTest(only = {TestEngine.H2, TestEngine.HSQLDB, TestEngine.DERBY})
    void keepDefaultSetsTheBackfillAsDefaultLast(TestDatabase db) {
        accounts(db);
        Migration m = TestMigration.of("1", "accounts", "plan", SqlType.varchar(20), Backfill.constant("'free'"), true);

        assertEquals(List.of(
                "alter table \"ACCOUNTS\" add \"PLAN\" varchar(20)",
                "update \"ACCOUNTS\" set \"PLAN\" = 'free' where (\"ID\" > :after and \"ID\" <= :upto and \"PLAN\" is null)",
                "update \"ACCOUNTS\" set \"PLAN\" = 'free' where (\"ID\" > :after and \"ID\" <= :upto and \"PLAN\" is null)",
                "alter table \"ACCOUNTS\" alter \"PLAN\" set not null",
                "alter table \"ACCOUNTS\" alter \"PLAN\" set default 'free'"), plan(db, m));
        Migrator.configure(db.dataSource).completeImmediately(true).migrations(List.of(m)).load().migrate();
        db.execute("INSERT INTO accounts (id, email) VALUES (3, 'c@z.org')");
        assertEquals("free", db.single("SELECT plan FROM accounts WHERE id = 3"));
    }
}
