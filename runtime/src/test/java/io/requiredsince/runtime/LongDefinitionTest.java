package io.requiredsince.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Supplier;

/**
 * A backfill has no length limit: a 100 kB expression or literal is applied, and the history keeps
 * it whole, also in a history table an earlier release created with a {@code varchar(4000)} definition.
 */
class LongDefinitionTest {

    private static final int LENGTH = 100_000;

    private static TestDatabase notes(Supplier<TestDatabase> engine) {
        TestDatabase db = engine.get();
        db.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, name VARCHAR(100))",
                "INSERT INTO notes (id, name) VALUES (1, 'a'), (2, 'b'), (3, 'c'), (4, 'd'), (5, 'e')");
        return db;
    }

    /** {@code case when id in (1, 3, 5, …) then 'listed' else 'absent' end}, at least {@code length} characters. */
    static String longExpression(int length) {
        StringBuilder b = new StringBuilder("case when id in (1");
        for (int id = 3; b.length() < length; id += 2) {
            b.append(", ").append(id);
        }
        return b.append(") then 'listed' else 'absent' end").toString();
    }

    /**
     * Where an engine caps the literal itself, nearly its cap (still far past the old 4,000): Derby takes string
     * constants of at most 32,672 characters, and MariaDB a DEFAULT clause (the constant's road there) of 64 kB.
     */
    private static String longLiteralValue(TestDatabase db) {
        int length = switch (db.engine) {
            case "Derby" -> 32_000;
            case "MariaDB", "MySQL Connector/J" -> 60_000;
            default -> LENGTH;
        };
        return "it''s ".repeat(length / 6);
    }

    private static SqlType textType(TestDatabase db) {
        return SqlType.explicit(switch (db.engine) {
            case "MariaDB", "MySQL Connector/J" -> "mediumtext";
            case "H2", "HSQLDB" -> "clob";
            case "Derby" -> "varchar(32672)";
            default -> "text";
        });
    }

    private static Migration listed(String backfill) {
        return TestMigration.of("2", "notes", "listed", SqlType.varchar(20), Backfill.expression(backfill), false);
    }

    @EngineTest
    void aHundredKilobyteExpressionIsAppliedAndRecordedWhole(Supplier<TestDatabase> engine) {
        TestDatabase db = notes(engine);
        String backfill = longExpression(LENGTH);
        Migrator migrator = Migrator.configure(db.dataSource).completeImmediately(true)
                .migrations(List.of(listed(backfill))).load();

        migrator.migrate();

        assertEquals(List.of(List.of("listed"), List.of("absent"), List.of("listed"), List.of("absent"),
                List.of("listed")), db.query("SELECT listed FROM notes ORDER BY id"));
        assertFalse(db.column("notes", "listed").nullable());
        assertRecordedWhole(db, "notes.listed", backfill);
        assertTrue(migrator.validate().isValid(), "the stored definition reads back equal to the code's");
        assertEquals(0, migrator.migrate().applied().size(), "applied once");
    }

    @EngineTest
    void aLongLiteralIsAppliedAndRecordedWhole(Supplier<TestDatabase> engine) {
        TestDatabase db = notes(engine);
        String value = longLiteralValue(db);
        String backfill = "'" + value + "'";
        Migration m = TestMigration.of("2", "notes", "body", textType(db), Backfill.of(backfill), false);
        assertTrue(m.column().backfill().isConstant());
        Migrator migrator = Migrator.configure(db.dataSource).completeImmediately(true).migrations(List.of(m)).load();

        migrator.migrate();

        String expected = value.replace("''", "'");
        for (int id = 1; id <= 5; id++) {
            assertEquals(expected, text(db, "SELECT body FROM notes WHERE id = " + id), "row " + id);
        }
        assertRecordedWhole(db, "notes.body", backfill);
        assertTrue(migrator.validate().isValid());
    }

    @EngineTest
    void aHistoryTableOfAnEarlierReleaseIsWidenedKeepingItsRows(Supplier<TestDatabase> engine) {
        TestDatabase db = notes(engine);
        Migration first = TestMigration.of("1", "notes", "kind", SqlType.varchar(20), Backfill.constant("'plain'"),
                false);
        Migrator.configure(db.dataSource).completeImmediately(true).migrations(List.of(first)).load().migrate();
        String firstDefinition = text(db, "SELECT definition FROM requiredsince_history WHERE script = 'notes.kind'");
        // What an earlier release created: the definition in a varchar(4000).
        db.execute("ALTER TABLE requiredsince_history DROP COLUMN definition",
                "ALTER TABLE requiredsince_history ADD COLUMN definition VARCHAR(4000)");
        update(db, "UPDATE requiredsince_history SET definition = ? WHERE script = 'notes.kind'", firstDefinition);
        String backfill = longExpression(LENGTH);
        Migrator both = Migrator.configure(db.dataSource).completeImmediately(true)
                .migrations(List.of(first, listed(backfill))).load();

        assertEquals(1, both.migrate().applied().size());

        if (!db.engine.startsWith("SQLite")) { // SQLite never enforced the declared length, and keeps it
            assertTrue(db.column("requiredsince_history", "definition").size() >= 1 << 24,
                    "widened: " + db.column("requiredsince_history", "definition"));
        }
        assertEquals(firstDefinition, text(db, "SELECT definition FROM requiredsince_history"
                + " WHERE script = 'notes.kind'"), "the earlier row keeps its definition");
        assertRecordedWhole(db, "notes.listed", backfill);
        assertTrue(both.validate().isValid(), both.validate().toString());
    }

    private static void assertRecordedWhole(TestDatabase db, String script, String backfill) {
        String definition = text(db, "SELECT definition FROM requiredsince_history WHERE script = '" + script + "'");
        assertTrue(definition.contains("\nbackfill=" + backfill + "\n"), () -> "the history's definition of " + script
                + " holds the whole backfill; it is " + definition.length() + " characters long");
        assertEquals(Boolean.TRUE, successOf(db, script));
    }

    private static Boolean successOf(TestDatabase db, String script) {
        try (Connection c = db.dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT success FROM requiredsince_history WHERE script = ?")) {
            ps.setString(1, script);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getBoolean(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    // getString, not getObject: a CLOB comes back as a java.sql.Clob from getObject.
    private static String text(TestDatabase db, String query) {
        try (Connection c = db.dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(query);
             ResultSet rs = ps.executeQuery()) {
            assertTrue(rs.next(), "a row from " + query);
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void update(TestDatabase db, String statement, String value) {
        try (Connection c = db.dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(statement)) {
            ps.setString(1, value);
            assertEquals(1, ps.executeUpdate());
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
