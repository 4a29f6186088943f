package io.requiredsince.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.requiredsince.runtime.internal.BackfillSettings;
import io.requiredsince.runtime.internal.DdlLockRetry;
import io.requiredsince.runtime.internal.EngineInfo;
import io.requiredsince.runtime.internal.EngineSupport;
import io.requiredsince.runtime.internal.Engines;
import io.requiredsince.runtime.internal.LiveColumn;
import io.requiredsince.runtime.internal.Step;
import io.requiredsince.runtime.internal.StepContext;
import io.requiredsince.runtime.internal.Target;
import java.sql.Statement;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * MySQL and MariaDB on the real server, through both drivers: the SQL plan() shows (and migrate()
 * runs), awkward names and literals, and no NULL ever turned into '' or 0 by a non-strict server.
 */
class MySqlDialectTest {

    @AfterAll
    static void restoreGlobalSqlMode() {
        // setGlobalSqlMode restores in finally; this is the belt to its braces.
        if (savedGlobalMode != null) {
            TestDatabase.mariadb().execute("SET GLOBAL sql_mode = '" + savedGlobalMode + "'");
        }
    }

    private static String savedGlobalMode;

    @Test
    void bothDriversAreDetectedAsMariaDb() throws SQLException {
        for (TestDatabase db : List.of(TestDatabase.mariadb(), TestDatabase.mysqlConnector())) {
            try (Connection c = db.dataSource.getConnection()) {
                EngineInfo info = Engines.info(c);
                // 10.11 on the machine's server (MySQL's driver sees "5.5.5-10.11.x-MariaDB"), 11.4 embedded.
                assertEquals(io.requiredsince.runtime.internal.Engine.MARIADB, info.engine(), info.version());
                assertTrue(info.atLeast(10, 3) && !info.describe().startsWith("MariaDB 5"),
                        db.engine + " reports " + info.version() + " as " + info.describe());
            }
        }
    }

    @EngineTest(family = EngineFamily.MARIADB)
    void constantPlanIsInstantAddThenDropDefault(TestDatabase db) {
        db.execute("CREATE TABLE `order` (id INT PRIMARY KEY, city VARCHAR(50))",
                "INSERT INTO `order` VALUES (1, 'Bern'), (2, NULL)");
        Migrator m = Migrator.configure(db.dataSource).completeImmediately(true)
                .migrations(List.of(TestMigration.of("1", "order", "owner",
                SqlType.varchar(40), Backfill.constant("'O''Brien'"), false))).load();

        List<String> plan = m.plan().stream().map(PlannedStatement::sql).toList();

        assertEquals(List.of(
                "ALTER TABLE `order` ADD COLUMN `owner` varchar(40) NOT NULL DEFAULT 'O''Brien', ALGORITHM=INSTANT",
                "ALTER TABLE `order` ALTER COLUMN `owner` DROP DEFAULT"), plan);
        MigrationReport report = m.migrate();
        assertEquals(plan, report.applied().get(0).steps().stream().map(ExecutedStep::sql).toList());
        assertEquals(List.of(List.of("O'Brien"), List.of("O'Brien")), db.query("SELECT owner FROM `order` ORDER BY id"));
        TestDatabase.ColumnFacts facts = db.column("order", "owner");
        assertFalse(facts.nullable());
        assertNull(facts.defaultValue());
    }

    @EngineTest(family = EngineFamily.MARIADB)
    void expressionPlanBackfillsProvesThenModifies(TestDatabase db) {
        db.execute("CREATE TABLE `Plan` (id INT PRIMARY KEY, city VARCHAR(50) NOT NULL)",
                "INSERT INTO `Plan` VALUES (1, 'Zürich'), (2, 'Genève')");
        Migrator m = Migrator.configure(db.dataSource).completeImmediately(true)
                .migrations(List.of(TestMigration.of("1", "Plan", "Label",
                SqlType.varchar(80), Backfill.expression("concat(city, ' – ', 'Zürich')"), false))).load();

        List<String> plan = m.plan().stream().map(PlannedStatement::sql).toList();

        assertEquals(List.of(
                "ALTER TABLE `Plan` ADD COLUMN `Label` varchar(80) NULL",
                "update `Plan` set `Label` = concat(city, ' – ', 'Zürich') where (`id` > :after and `id` <= :upto"
                        + " and `Label` is null)",
                "update `Plan` set `Label` = concat(city, ' – ', 'Zürich') where (`id` > :after and `id` <= :upto and `Label` is null)",
                "SELECT 1 FROM `Plan` WHERE `Label` IS NULL LIMIT 1",
                "ALTER TABLE `Plan` MODIFY COLUMN `Label` varchar(80) NOT NULL, ALGORITHM=INPLACE, LOCK=NONE"), plan,
                "no DROP DEFAULT: the column never had one");
        MigrationReport report = m.migrate();
        List<String> ran = report.applied().get(0).steps().stream().map(ExecutedStep::sql).toList();
        assertEquals(plan, ran, "plan() shows what migrate() runs");
        assertEquals(List.of(List.of("Zürich – Zürich"), List.of("Genève – Zürich")),
                db.query("SELECT `Label` FROM `Plan` ORDER BY id"));
        assertFalse(db.column("Plan", "Label").nullable());
    }

    @EngineTest(family = EngineFamily.MARIADB)
    void modifyKeepsCharsetCollationAndComment(TestDatabase db) {
        db.execute("CREATE TABLE t (id INT PRIMARY KEY)", "INSERT INTO t VALUES (1), (2)",
                "ALTER TABLE t ADD COLUMN c VARCHAR(30) CHARACTER SET latin1 COLLATE latin1_bin COMMENT 'the ''c'''");
        Migrator m = Migrator.configure(db.dataSource).completeImmediately(true)
                .migrations(List.of(TestMigration.of("1", "t", "c",
                SqlType.varchar(30), Backfill.constant("'x'"), false))).load();

        MigrationReport report = m.migrate();

        String modify = report.applied().get(0).steps().stream().map(ExecutedStep::sql)
                .filter(s -> s.contains("MODIFY")).findFirst().orElseThrow();
        assertEquals("ALTER TABLE `t` MODIFY COLUMN `c` varchar(30) CHARACTER SET latin1 COLLATE latin1_bin"
                + " COMMENT 'the ''c''' NOT NULL, ALGORITHM=INPLACE, LOCK=NONE", modify);
        assertEquals(List.of("latin1_bin", "the 'c'", "NO"), db.query("SELECT COLLATION_NAME, COLUMN_COMMENT,"
                + " IS_NULLABLE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 't'"
                + " AND COLUMN_NAME = 'c'").get(0));
    }

    /** A server whose global sql_mode is not strict never turns a NULL into '' or 0 through us. */
    @Test
    void nonStrictServerNeverCoercesNull() {
        TestDatabase admin = TestDatabase.mariadb();
        savedGlobalMode = (String) admin.single("SELECT @@GLOBAL.sql_mode");
        try {
            admin.execute("SET GLOBAL sql_mode = ''");
            // New connections take the global mode; the driver would add STRICT_TRANS_TABLES itself
            // (jdbcCompliantTruncation), as many pools and other drivers do not.
            TestDatabase db = TestDatabase.mariadb("&jdbcCompliantTruncation=false");
            String sessionMode = (String) db.single("SELECT @@SESSION.sql_mode");
            assertFalse(sessionMode.contains("STRICT"), sessionMode);
            db.execute("CREATE TABLE people (id INT PRIMARY KEY, name VARCHAR(20), age INT)",
                    "INSERT INTO people VALUES (1, 'Ann', 30), (2, NULL, NULL), (3, NULL, NULL)");
            Migration nick = TestMigration.of("1", "people", "nick", SqlType.varchar(20),
                    Backfill.expression("upper(name)"), false);

            MigrationException e = assertThrows(MigrationException.class,
                    () -> Migrator.configure(db.dataSource).completeImmediately(true)
                            .migrations(List.of(nick)).load().migrate());

            assertTrue(e.getMessage().contains("people") && e.getMessage().contains("nick")
                    && e.getMessage().contains("2 row(s)"), e.getMessage());
            assertTrue(db.column("people", "nick").nullable(), "left nullable");
            assertEquals(2L, ((Number) db.single("SELECT COUNT(*) FROM people WHERE nick IS NULL")).longValue(),
                    "no NULL became ''");
            assertEquals(sessionMode, db.single("SELECT @@SESSION.sql_mode"), "the session mode is restored");

            // Fixed backfill: it completes, and the MODIFY ran strict although the server is not.
            Migration fixed = TestMigration.of("1", "people", "nick", SqlType.varchar(20),
                    Backfill.expression("coalesce(upper(name), concat('user', id))"), false);
            Migrator.configure(db.dataSource).completeImmediately(true).migrations(List.of(fixed)).load().migrate();
            assertEquals(List.of(List.of("ANN"), List.of("user2"), List.of("user3")),
                    db.query("SELECT nick FROM people ORDER BY id"));
            assertFalse(db.column("people", "nick").nullable());

            // And an integer column tightened the same way: no 0 appears.
            Migration score = TestMigration.of("2", "people", "score", SqlType.integer(),
                    Backfill.expression("age + 1"), false);
            assertThrows(MigrationException.class,
                    () -> Migrator.configure(db.dataSource).completeImmediately(true)
                            .migrations(List.of(fixed, score)).load().migrate());
            assertEquals(0L, ((Number) db.single("SELECT COUNT(*) FROM people WHERE score = 0")).longValue());
            assertTrue(db.column("people", "score").nullable());
        } finally {
            admin.execute("SET GLOBAL sql_mode = '" + savedGlobalMode + "'");
            savedGlobalMode = null;
        }
    }

    /** MyISAM refuses ALGORITHM=INSTANT and INPLACE: both steps are retried without ALGORITHM. */
    @EngineTest(family = EngineFamily.MARIADB)
    void refusedAlgorithmFallsBack(TestDatabase db) {
        db.execute("CREATE TABLE legacy (id INT PRIMARY KEY, name VARCHAR(20)) ENGINE=MyISAM",
                "INSERT INTO legacy VALUES (1, 'a'), (2, 'b')");
        Migrator m = Migrator.configure(db.dataSource).completeImmediately(true).migrations(List.of(
                TestMigration.of("1", "legacy", "tier", SqlType.integer(), Backfill.constant("7"), false),
                TestMigration.of("2", "legacy", "tag", SqlType.varchar(10), Backfill.expression("upper(name)"), false)))
                .load();

        MigrationReport report = m.migrate();

        assertEquals(List.of("ALTER TABLE `legacy` ADD COLUMN `tier` int NOT NULL DEFAULT 7",
                "ALTER TABLE `legacy` ALTER COLUMN `tier` DROP DEFAULT"),
                report.applied().get(0).steps().stream().map(ExecutedStep::sql).toList());
        assertEquals("ALTER TABLE `legacy` MODIFY COLUMN `tag` varchar(10) NOT NULL",
                report.applied().get(1).steps().get(4).sql());
        assertEquals(List.of(List.of(7, "A"), List.of(7, "B")), db.query("SELECT tier, tag FROM legacy ORDER BY id"));
        assertFalse(db.column("legacy", "tier").nullable());
        assertFalse(db.column("legacy", "tag").nullable());
    }

    /**
     * The MODIFY itself runs strict: with a NULL still there (a row written after the proof, say) and a
     * non-strict session, it fails instead of writing '' — on InnoDB (INPLACE) and MyISAM (the fallback).
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"InnoDB", "MyISAM"})
    void tightenRunsStrictEvenWhenTheSessionIsNot(String storageEngine) throws SQLException {
        TestDatabase db = TestDatabase.mariadb("&jdbcCompliantTruncation=false");
        db.execute("CREATE TABLE late (id INT PRIMARY KEY, v VARCHAR(10)) ENGINE=" + storageEngine,
                "INSERT INTO late VALUES (1, 'x'), (2, NULL)");
        Migration mig = TestMigration.of("1", "late", "v", SqlType.varchar(10), Backfill.constant("'y'"), false);
        try (Connection c = db.dataSource.getConnection()) {
            try (Statement st = c.createStatement()) {
                st.execute("SET SESSION sql_mode = ''");
            }
            EngineSupport engine = Engines.detect(c);
            Target target = new Target(mig.column(), null, "late", "v");
            Step tighten = engine.road(target, new LiveColumn(true, true, null), false).all().stream()
                    .filter(s -> s.name().equals("set not null")).findFirst().orElseThrow();
            StepContext context = new StepContext(c, engine, mig.script(), tighten.name(), target,
                    BackfillSettings.DEFAULTS, DdlLockRetry.defaults());

            assertThrows(SQLException.class, () -> tighten.action().run(context));

            try (Statement st = c.createStatement(); java.sql.ResultSet rs = st.executeQuery("SELECT @@SESSION.sql_mode")) {
                rs.next();
                assertEquals("", rs.getString(1), "the session's sql_mode is restored after a failure too");
            }
        }
        assertTrue(db.column("late", "v").nullable());
        assertEquals(1L, ((Number) db.single("SELECT COUNT(*) FROM late WHERE v IS NULL")).longValue());
        assertEquals(0L, ((Number) db.single("SELECT COUNT(*) FROM late WHERE v = ''")).longValue());
    }
}
