package io.requiredsince.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

/** The road PostgreSQL takes, pinned statement by statement, on every PostgreSQL of the matrix. */
class PostgresPlanTest {

    private static void accounts(TestDatabase db) {
        db.execute("CREATE TABLE accounts (id INTEGER PRIMARY KEY, email VARCHAR(100))",
                "INSERT INTO accounts VALUES (1, 'A@X.ORG'), (2, 'b@y.org')");
    }

    private static int major(TestDatabase db) {
        return ((Number) db.single("SELECT current_setting('server_version_num')::int / 10000")).intValue();
    }

    @EngineTest(family = EngineFamily.POSTGRES)
    void constantBackfill(TestDatabase db) {
        accounts(db);
        Migrator m = Migrator.configure(db.dataSource).completeImmediately(true)
                .migrations(List.of(TestMigration.of("1", "accounts", "plan",
                SqlType.varchar(20), Backfill.constant("'free'"), false))).load();

        List<String> sql = m.plan().stream().map(PlannedStatement::sql).toList();

        if (major(db) >= 11) {
            assertEquals(List.of(
                    "alter table \"accounts\" add \"plan\" varchar(20) not null default 'free'",
                    "alter table \"accounts\" alter \"plan\" drop default"), sql);
        } else {
            assertEquals(expressionRoad("plan", "varchar(20)", "'free'"), sql, "PostgreSQL 10 has no fast default");
        }
        m.migrate();
        assertEquals(List.of(List.of("free"), List.of("free")), db.query("SELECT plan FROM accounts ORDER BY id"));
    }

    @EngineTest(family = EngineFamily.POSTGRES)
    void expressionBackfillTightensThroughAValidatedCheck(TestDatabase db) {
        accounts(db);
        Migrator m = Migrator.configure(db.dataSource).completeImmediately(true)
                .migrations(List.of(TestMigration.of("1", "accounts", "login",
                SqlType.varchar(100), Backfill.expression("lower(email)"), false))).load();

        assertEquals(expressionRoad("login", "varchar(100)", "lower(email)"),
                m.plan().stream().map(PlannedStatement::sql).toList());
        m.migrate();

        assertEquals(List.of(List.of("a@x.org"), List.of("b@y.org")), db.query("SELECT login FROM accounts ORDER BY id"));
        assertFalse(db.column("accounts", "login").nullable());
        assertEquals(0L, ((Number) db.single("SELECT count(*) FROM pg_constraint WHERE conrelid = 'accounts'::regclass AND contype = 'c'"))
                .longValue(), "the temporary check is gone");
    }

    @EngineTest(family = EngineFamily.POSTGRES)
    void backfillYieldingNullStopsBeforeTighteningAndSaysHowMany(TestDatabase db) {
        accounts(db);
        db.execute("INSERT INTO accounts VALUES (3, NULL)");
        Migration m = TestMigration.of("1", "accounts", "login", SqlType.varchar(100),
                Backfill.expression("lower(email)"), false);

        MigrationException e = assertThrows(MigrationException.class,
                () -> Migrator.configure(db.dataSource).completeImmediately(true)
                        .migrations(List.of(m)).load().migrate());

        assertTrue(e.getMessage().contains("1 row(s) of accounts still have login NULL"), e.getMessage());
        assertTrue(db.column("accounts", "login").nullable(), "left nullable, never half-tightened");
        assertEquals(0L, ((Number) db.single("SELECT count(*) FROM pg_constraint WHERE conrelid = 'accounts'::regclass AND contype = 'c'"))
                .longValue());
        // Fixing the cause and running again completes the job.
        Migrator.configure(db.dataSource).completeImmediately(true)
                .migrations(List.of(TestMigration.of("1", "accounts", "login",
                SqlType.varchar(100), Backfill.expression("coalesce(lower(email), 'none')"), false))).load().migrate();
        assertEquals(List.of(List.of("a@x.org"), List.of("b@y.org"), List.of("none")),
                db.query("SELECT login FROM accounts ORDER BY id"));
    }

    /** Without the final pass's concurrent index, the plan and the report show the locked pass alone. */
    @EngineTest(family = EngineFamily.POSTGRES)
    void withoutTheConcurrentIndexThePlanShowsTheLockedPassAlone(TestDatabase db) {
        accounts(db);
        Migrator m = Migrator.configure(db.dataSource).completeImmediately(true).finalPassIndex(false)
                .migrations(List.of(TestMigration.of("1", "accounts", "login",
                SqlType.varchar(100), Backfill.expression("lower(email)"), false))).load();
        List<String> road = new java.util.ArrayList<>(expressionRoad("login", "varchar(100)", "lower(email)"));
        String check = "\"requiredsince_login_not_null\"";
        road.set(2, String.join(";\n", "lock table \"accounts\" in share row exclusive mode",
                "update \"accounts\" set \"login\" = lower(email) where \"login\" is null",
                "alter table \"accounts\" add constraint " + check + " check (\"login\" is not null) not valid"));

        assertEquals(road, m.plan().stream().map(PlannedStatement::sql).toList());
        MigrationReport report = m.migrate();

        assertEquals(road.get(2), report.applied().get(0).steps().get(2).sql(), "the report shows what ran");
        assertEquals(List.of(List.of("a@x.org"), List.of("b@y.org")), db.query("SELECT login FROM accounts ORDER BY id"));
    }

    private static List<String> expressionRoad(String column, String type, String backfill) {
        String check = "\"requiredsince_" + column + "_not_null\"";
        String nulls = "\"requiredsince_nulls_" + Integer.toHexString(("accounts." + column).hashCode()) + "\"";
        return List.of(
                "alter table \"accounts\" add \"" + column + "\" " + type + " null",
                "update \"accounts\" set \"" + column + "\" = " + backfill + " where (\"id\" > :after and \"id\" <= :upto"
                        + " and \"" + column + "\" is null)",
                String.join(";\n", "create index concurrently if not exists " + nulls + " on \"accounts\" (\"" + column
                                + "\") where \"" + column + "\" is null",
                        "lock table \"accounts\" in share row exclusive mode",
                        "update \"accounts\" set \"" + column + "\" = " + backfill + " where \"" + column + "\" is null",
                        "alter table \"accounts\" add constraint " + check + " check (\"" + column + "\" is not null) not valid",
                        "drop index concurrently if exists " + nulls),
                "alter table \"accounts\" validate constraint " + check,
                "alter table \"accounts\" alter \"" + column + "\" set not null",
                "alter table \"accounts\" drop constraint " + check);
    }

    @EngineTest(family = EngineFamily.POSTGRES)
    void volatileBackfillIsEvaluatedPerRowNeverAsAFastDefault(TestDatabase db) {
        db.execute("CREATE TABLE tokens (id INTEGER PRIMARY KEY)",
                "INSERT INTO tokens SELECT generate_series(1, 50)");
        Migrator m = Migrator.configure(db.dataSource).completeImmediately(true)
                .migrations(List.of(TestMigration.of("1", "tokens", "token",
                SqlType.varchar(32), Backfill.of("md5(random()::text)"), false))).load();

        List<String> plan = m.plan().stream().map(PlannedStatement::sql).toList();
        assertEquals("alter table \"tokens\" add \"token\" varchar(32) null", plan.get(0), "added nullable, no default");
        assertTrue(plan.get(1).startsWith("update \"tokens\" set \"token\" = md5(random()::text) where"), plan.get(1));
        m.migrate();

        assertEquals(50L, ((Number) db.single("SELECT count(DISTINCT token) FROM tokens")).longValue(),
                "one value per row, not one value for the table");
    }
}
