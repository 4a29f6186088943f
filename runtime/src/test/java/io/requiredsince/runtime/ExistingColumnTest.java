package io.requiredsince.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A migration whose column already exists, as the application defined it: its values are kept, its
 * NULLs filled, and its own definition (default, type, length) is left as it was. A type other than
 * the declared one is a warning; a constant backfill the column cannot hold stops before anything
 * changes.
 */
class ExistingColumnTest {

    private static final List<List<Object>> FILLED = List.of(List.of(1, "Ann"), List.of(2, "unknown"),
            List.of(3, "anonymous"), List.of(4, "unknown"));

    /** Users with an existing nullable display_name whose default is the application's 'anonymous'. */
    private static TestDatabase users(TestDatabase db) {
        db.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, email VARCHAR(100),"
                        + " display_name VARCHAR(255) DEFAULT 'anonymous')",
                "INSERT INTO users (id, email, display_name) VALUES (1, 'ann@x.org', 'Ann'), (2, 'bob@x.org', NULL)",
                "INSERT INTO users (id, email) VALUES (3, 'cy@x.org')",
                "INSERT INTO users (id, email, display_name) VALUES (4, NULL, NULL)");
        return db;
    }

    private static Migration displayName(Backfill backfill, boolean keepDefault) {
        return TestMigration.of("2", "users", "display_name", SqlType.varchar(255), backfill, keepDefault);
    }

    private static Migrator migrator(TestDatabase db, Migration m) {
        return Migrator.configure(db.dataSource).completeImmediately(true).migrations(List.of(m)).load();
    }

    private static List<List<Object>> names(TestDatabase db) {
        return db.query("SELECT id, display_name FROM users ORDER BY id").stream()
                .map(r -> List.<Object>of(((Number) r.get(0)).intValue(), r.get(1))).toList();
    }

    private static void assertKeptItsDefault(TestDatabase db, String defaultBefore) {
        assertEquals(FILLED, names(db), "values kept, NULLs filled");
        TestDatabase.ColumnFacts after = db.column("users", "display_name");
        assertFalse(after.nullable(), "NOT NULL");
        assertEquals(defaultBefore, after.defaultValue(), "the application's own default stays");
        assertEquals(255, after.size());
        db.execute("INSERT INTO users (id, email) VALUES (10, 'new@x.org')");
        assertEquals("anonymous", db.single("SELECT display_name FROM users WHERE id = 10"));
    }

    @EngineTest
    void anExistingColumnKeepsItsOwnDefault(TestDatabase db) {
        users(db);
        String defaultBefore = db.column("users", "display_name").defaultValue();
        assertNotNull(defaultBefore, "the table starts with the application's default");

        MigrationReport report = migrator(db, displayName(Backfill.constant("'unknown'"), false)).migrate();

        assertEquals(2L, report.rowsBackfilled());
        assertEquals(List.of(), report.warnings(), "the column is of the declared type");
        assertKeptItsDefault(db, defaultBefore);
        assertEquals(List.of(), migrator(db, displayName(Backfill.constant("'unknown'"), false)).plan(),
                "nothing is left to do, the default included");
    }

    @EngineTest
    void aRunThatFailedHalfWayStillKeepsTheDefaultWhenResumed(TestDatabase db) {
        users(db);
        String defaultBefore = db.column("users", "display_name").defaultValue();
        // lower(email) is NULL for user 4: the backfill stops before anything is tightened.
        assertThrows(MigrationException.class,
                () -> migrator(db, displayName(Backfill.expression("lower(email)"), false)).migrate());
        assertTrue(db.column("users", "display_name").nullable(), "the failed run left the column nullable");
        assertEquals(defaultBefore, db.single("SELECT prior_default FROM requiredsince_history"),
                "the history recorded the default the column had when the migration started");

        migrator(db, displayName(Backfill.expression("coalesce(lower(email), 'unknown')"), false)).migrate();

        assertEquals(List.of(List.of(1, "Ann"), List.of(2, "bob@x.org"), List.of(3, "anonymous"),
                List.of(4, "unknown")), names(db));
        TestDatabase.ColumnFacts after = db.column("users", "display_name");
        assertFalse(after.nullable());
        assertEquals(defaultBefore, after.defaultValue(), "the resumed run kept the application's default");
    }

    @EngineTest
    void keepDefaultDoesNotReplaceTheColumnsOwnDefaultAndSaysSo(TestDatabase db) {
        users(db);
        String defaultBefore = db.column("users", "display_name").defaultValue();
        Migration m = displayName(Backfill.constant("'unknown'"), true);

        List<String> validation = migrator(db, m).validate().warnings();
        MigrationReport report = migrator(db, m).migrate();

        assertKeptItsDefault(db, defaultBefore);
        assertEquals(1, report.warnings().size(), report.toString());
        String warning = report.warnings().get(0).toLowerCase(Locale.ROOT);
        assertTrue(warning.contains("display_name") && warning.contains("already has the default")
                && warning.contains("'unknown'"), warning);
        assertEquals(report.warnings(), validation, "validate() says it before migrate() does");
    }

    @EngineTest
    void keepDefaultWithTheSameDefaultSaysNothing(TestDatabase db) {
        users(db);

        MigrationReport report = migrator(db, displayName(Backfill.constant("'anonymous'"), true)).migrate();

        assertEquals(List.of(), report.warnings());
        assertFalse(db.column("users", "display_name").nullable());
    }

    @EngineTest
    void aShorterExistingColumnIsKeptAndReported(TestDatabase db) {
        db.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, nick VARCHAR(10) NOT NULL)",
                "INSERT INTO users (id, nick) VALUES (1, 'ann')");
        Migration m = TestMigration.of("2", "users", "nick", SqlType.varchar(255), Backfill.constant("'none'"), false);

        List<String> validation = migrator(db, m).validate().warnings();
        MigrationReport report = migrator(db, m).migrate();

        assertEquals(1, report.applied().size(), "recorded as applied");
        assertEquals(1, report.warnings().size(), report.toString());
        String warning = report.warnings().get(0).toLowerCase(Locale.ROOT);
        assertTrue(warning.contains("nick") && warning.contains("10") && warning.contains("varchar(255)"), warning);
        assertTrue(report.toString().contains("warning: "), report.toString());
        assertEquals(report.warnings(), validation);
        assertEquals(report.warnings(), migrator(db, m).validate().warnings(), "still true once applied");
        assertTrue(migrator(db, m).validate().isValid(), "a warning does not make the history invalid");
        assertEquals(10, db.column("users", "nick").size(), "the column keeps its length");
    }

    @EngineTest
    void aNullableShorterColumnIsFilledKeptAndReported(TestDatabase db) {
        db.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, nick VARCHAR(10))",
                "INSERT INTO users (id, nick) VALUES (1, 'ann'), (2, NULL)");
        Migration m = TestMigration.of("2", "users", "nick", SqlType.varchar(255), Backfill.constant("'none'"), false);

        MigrationReport report = migrator(db, m).migrate();

        assertEquals(1, report.warnings().size(), report.toString());
        assertEquals("none", db.single("SELECT nick FROM users WHERE id = 2"));
        assertFalse(db.column("users", "nick").nullable());
        assertEquals(10, db.column("users", "nick").size(), "MODIFY and rebuilds keep the column's own length");
    }

    @EngineTest
    void aLiteralLongerThanTheExistingColumnStopsBeforeAnythingChanges(TestDatabase db) {
        db.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, code VARCHAR(3) DEFAULT 'abc')",
                "INSERT INTO users (id, code) VALUES (1, 'xyz'), (2, NULL)");
        TestDatabase.ColumnFacts before = db.column("users", "code");
        Migration m = TestMigration.of("2", "users", "code", SqlType.varchar(3), Backfill.constant("'unknown'"), false);

        String warning = String.join("\n", migrator(db, m).validate().warnings());
        MigrationException e = assertThrows(MigrationException.class, () -> migrator(db, m).migrate());

        String msg = e.getMessage();
        assertTrue(msg.contains("'unknown'") && msg.toLowerCase(Locale.ROOT).contains("users.code")
                && msg.contains("7 characters") && msg.contains("Nothing was changed"), msg);
        assertEquals(msg, warning, "validate() says it first");
        assertEquals(before, db.column("users", "code"), "the column is as it was");
        assertEquals(List.of(List.of("xyz"), Arrays.asList((Object) null)),
                db.query("SELECT code FROM users ORDER BY id"));
        assertEquals(0L, ((Number) db.single("SELECT COUNT(*) FROM requiredsince_history")).longValue(),
                "the history records no start");
    }

    @EngineTest
    void aTextLiteralForAnExistingNumberColumnStopsBeforeAnythingChanges(TestDatabase db) {
        db.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, score INTEGER)",
                "INSERT INTO users (id, score) VALUES (1, 5), (2, NULL)");
        Migration m = TestMigration.of("2", "users", "score", SqlType.integer(), Backfill.constant("'high'"), false);

        MigrationException e = assertThrows(MigrationException.class, () -> migrator(db, m).migrate());

        assertTrue(e.getMessage().contains("it is text, and the column holds numbers"), e.getMessage());
        assertTrue(db.column("users", "score").nullable());
        assertEquals(1L, ((Number) db.single("SELECT COUNT(*) FROM users WHERE score IS NULL")).longValue());
    }

    private static final List<SqlType> TYPES = List.of(SqlType.varchar(10), SqlType.character(5), SqlType.bool(),
            SqlType.smallint(), SqlType.integer(), SqlType.bigint(), SqlType.real(), SqlType.doublePrecision(),
            SqlType.decimal(19, 2), SqlType.uuid(), SqlType.date(), SqlType.time(), SqlType.timestamp(),
            SqlType.timestampWithTimeZone());

    @EngineTest
    void aColumnOfTheDeclaredTypeGetsNoWarning(TestDatabase db) {
        db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY)");
        List<Migration> migrations = new ArrayList<>();
        for (SqlType type : TYPES) {
            Migration m = TestMigration.of("1", "t", "c" + migrations.size(), type, Backfill.expression("id"), false);
            // The column exactly as this engine's migration would add it.
            String add = migrator(db, m).plan().get(0).sql();
            java.sql.SQLException refused = db.tryExecute(add);
            if (refused != null && db.engine.equals("Derby") && type.kind() == SqlType.Kind.TIMESTAMP_WITH_TIME_ZONE) {
                continue; // Derby has no time zone type
            }
            assertEquals(null, refused, add);
            migrations.add(m);
        }

        ValidationReport report = Migrator.configure(db.dataSource).completeImmediately(true)
                .migrations(migrations).load().validate();

        assertEquals(List.of(), report.warnings());
    }
}
