package io.requiredsince.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Names are data: a table named like an injection is just a strange name; the history table's name is validated. */
class HostileNamesTest {

    static final String TABLE = "x\"; drop table y; --";


    private static String quoted(TestDatabase db, String name) {
        return db.engine.startsWith("MariaDB") || db.engine.startsWith("MySQL")
                ? "`" + name.replace("`", "``") + "`" : "\"" + name.replace("\"", "\"\"") + "\"";
    }

    // A lower-case name is matched as unquoted: H2 stores the new column in upper case (the table was made quoted).
    @EngineTest
    void tableNamedLikeAnInjectionIsMigratedAndNothingElseIsTouched(Supplier<TestDatabase> engine) {
        TestDatabase db = engine.get();
        String t = quoted(db, TABLE);
        db.execute("CREATE TABLE y (id INTEGER PRIMARY KEY)", "INSERT INTO y (id) VALUES (1)",
                "CREATE TABLE " + t + " (id INTEGER PRIMARY KEY)", "INSERT INTO " + t + " (id) VALUES (1), (2)");
        Migration m = TestMigration.of("1", TABLE, "col\"; drop table y; --", SqlType.varchar(10),
                Backfill.constant("'v'"), false);
        Migrator migrator = Migrator.configure(db.dataSource).completeImmediately(true).migrations(List.of(m)).load();

        migrator.migrate();
        migrator.undo();
        migrator.migrate();

        assertEquals(1L, ((Number) db.single("SELECT COUNT(*) FROM y")).longValue(), "y survives");
        assertEquals(2L, ((Number) db.single("SELECT COUNT(*) FROM " + t + " WHERE "
                + quoted(db, "col\"; drop table y; --") + " = 'v'")).longValue());
        assertTrue(migrator.validate().isValid());
    }

    @Test
    void historyTableNameIsValidated() {
        DataSource ds = TestDatabase.h2().dataSource;
        for (String bad : List.of("h; drop table y", "a.b.c", "\"quoted\"", "", "schema.", "1abc")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Migrator.configure(ds).completeImmediately(true).historyTable(bad), bad);
            assertTrue(e.getMessage().contains("Invalid history table name"), e.getMessage());
        }
    }

    @EngineTest
    void historyTableNameIsConfigurable(Supplier<TestDatabase> engine) {
        TestDatabase db = engine.get();
        db.execute("CREATE TABLE organizations (id INTEGER PRIMARY KEY)", "INSERT INTO organizations (id) VALUES (1)");
        Migrator.configure(db.dataSource).completeImmediately(true)
                .historyTable("schema_changes").migrations(List.of(TestMigration.of("1",
                "organizations", "plan", SqlType.varchar(10), Backfill.constant("'v'"), false))).load().migrate();

        assertEquals(1L, ((Number) db.single("SELECT COUNT(*) FROM schema_changes")).longValue());
        assertFalse(db.column("requiredsince_history", "script").exists());
    }
}
