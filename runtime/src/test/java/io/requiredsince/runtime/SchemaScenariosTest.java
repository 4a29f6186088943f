package io.requiredsince.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The matrix's scenarios 6 and 7 on every engine: a table tied into its schema (an index, foreign keys
 * in and out, a trigger, a view) keeps every tie; keyword and mixed-case names, quotes and non-ASCII
 * text in literals, and a table in a non-default schema. Each asserts the catalog and every row.
 */
class SchemaScenariosTest {

    private static final int ROWS = 20;

    private static Migration migration(String version, String schema, String table, String column, SqlType type,
                                       Backfill backfill) {
        ColumnSpec.Builder spec = ColumnSpec.builder().table(table).column(column).type(type).backfill(backfill);
        if (schema != null) {
            spec.schema(schema);
        }
        return new TestMigration(MigrationVersion.parse(version), spec.build());
    }

    // ---- 6. a table with an index, foreign keys in and out, a trigger and a view ----

    private static void tiedTable(TestDatabase db) {
        db.execute("CREATE TABLE teams (id INTEGER PRIMARY KEY, name VARCHAR(50) NOT NULL)",
                "INSERT INTO teams (id, name) VALUES (1, 'red')", "INSERT INTO teams (id, name) VALUES (2, 'blue')",
                "CREATE TABLE organizations (id INTEGER PRIMARY KEY, name VARCHAR(100) NOT NULL, team_id INTEGER,"
                        + " FOREIGN KEY (team_id) REFERENCES teams (id))",
                "CREATE INDEX organizations_name ON organizations (name)",
                "CREATE TABLE members (id INTEGER PRIMARY KEY, org_id INTEGER NOT NULL,"
                        + " FOREIGN KEY (org_id) REFERENCES organizations (id))",
                "CREATE TABLE audit (org_id INTEGER NOT NULL)",
                "CREATE VIEW organization_names AS SELECT id, name FROM organizations");
        db.execute(auditTrigger(db));
        for (int i = 1; i <= ROWS; i++) {
            db.execute("INSERT INTO organizations (id, name, team_id) VALUES (" + i + ", 'Org " + i + "', "
                    + (i % 2 + 1) + ")");
        }
        db.execute("INSERT INTO members (id, org_id) VALUES (1, 1)", "INSERT INTO members (id, org_id) VALUES (2, 7)");
    }

    /** After each insert into organizations, the id goes into audit: written in each engine's trigger language. */
    private static String[] auditTrigger(TestDatabase db) {
        String insert = "INSERT INTO audit (org_id) VALUES (";
        if (db.engine.startsWith("PostgreSQL")) {
            return new String[] {"CREATE FUNCTION audit_org() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                    + insert + "NEW.id); RETURN NEW; END $$",
                    "CREATE TRIGGER org_audit AFTER INSERT ON organizations FOR EACH ROW EXECUTE PROCEDURE audit_org()"};
        }
        if (db.isMysqlFamily()) {
            return new String[] {"CREATE TRIGGER org_audit AFTER INSERT ON organizations FOR EACH ROW " + insert
                    + "NEW.id)"};
        }
        return switch (db.engine) {
            case "H2" -> new String[] {"CREATE TRIGGER org_audit AFTER INSERT ON organizations FOR EACH ROW CALL \""
                    + H2AuditTrigger.class.getName() + "\""};
            case "HSQLDB" -> new String[] {"CREATE TRIGGER org_audit AFTER INSERT ON organizations"
                    + " REFERENCING NEW ROW AS n FOR EACH ROW " + insert + "n.id)"};
            case "Derby" -> new String[] {"CREATE TRIGGER org_audit AFTER INSERT ON organizations"
                    + " REFERENCING NEW AS n FOR EACH ROW " + insert + "n.id)"};
            default -> new String[] {"CREATE TRIGGER org_audit AFTER INSERT ON organizations BEGIN " + insert
                    + "NEW.id); END"}; // SQLite
        };
    }

    @EngineTest
    void indexForeignKeysTriggerAndViewSurvive(TestDatabase db) {
        tiedTable(db);
        List<String> indexesBefore = db.indexes("organizations");
        Migrator migrator = Migrator.configure(db.dataSource).completeImmediately(true).migrations(List.of(
                migration("2", null, "organizations", "plan", SqlType.varchar(20), Backfill.constant("'free'")),
                migration("3", null, "organizations", "slug", SqlType.varchar(100), Backfill.expression("lower(name)"))))
                .load();

        migrator.migrate();

        List<List<Object>> expected = new ArrayList<>();
        for (int i = 1; i <= ROWS; i++) {
            expected.add(List.of("Org " + i, "free", "org " + i));
        }
        assertEquals(expected, db.query("SELECT name, plan, slug FROM organizations ORDER BY id"));
        for (String column : List.of("plan", "slug")) {
            TestDatabase.ColumnFacts facts = db.column("organizations", column);
            assertFalse(facts.nullable(), column + " is NOT NULL");
            assertNull(facts.defaultValue(), column + " has no default left");
            assertEquals(column.equals("plan") ? 20 : 100, facts.size(), column + "'s declared length");
        }
        // H2 recreates its system-named indexes (primary key, foreign key) under new names when it alters a table.
        assertEquals(indexesBefore.size(), db.indexes("organizations").size(), "as many indexes as before: "
                + indexesBefore + " then " + db.indexes("organizations"));
        assertTrue(db.indexes("organizations").contains("organizations_name"), db.indexes("organizations").toString());
        assertEquals(List.of("teams"), db.referencedTables("organizations"), "the foreign key out is kept");
        assertEquals(List.of("organizations"), db.referencedTables("members"), "the foreign key in is kept");
        assertEquals(List.of(List.of(1), List.of(7)), db.query("SELECT org_id FROM members ORDER BY id").stream()
                .map(r -> List.<Object>of(((Number) r.get(0)).intValue())).toList(), "the referencing rows are kept");

        db.execute("INSERT INTO organizations (id, name, team_id, plan, slug) VALUES (21, 'New', 1, 'pro', 'new')");
        assertEquals(ROWS + 1L, ((Number) db.single("SELECT COUNT(*) FROM audit")).longValue(), "the trigger fires");
        assertEquals(ROWS + 1L, ((Number) db.single("SELECT COUNT(*) FROM organization_names")).longValue(),
                "the view reads the table");
        if (!db.engine.startsWith("SQLite")) { // SQLite enforces foreign keys only when a connection asks for it
            assertNotNull(db.tryExecute("INSERT INTO members (id, org_id) VALUES (3, 999)"),
                    "the foreign key in is enforced");
            assertNotNull(db.tryExecute("INSERT INTO organizations (id, name, team_id, plan, slug)"
                    + " VALUES (22, 'x', 999, 'free', 'x')"), "the foreign key out is enforced");
        }
        assertTrue(migrator.migrate().applied().isEmpty(), "nothing left to do");
    }

    // ---- 7. keyword and mixed-case names, quotes and non-ASCII in literals ----

    @EngineTest
    void keywordAndMixedCaseNamesWithQuotedAndNonAsciiLiterals(TestDatabase db) {
        // A table named like a keyword, created quoted in lower case, as an ORM quoting names would.
        String order = db.quote("order");
        db.execute("CREATE TABLE " + order + " (id INTEGER PRIMARY KEY, " + db.quote("group") + " VARCHAR(20))");
        for (int i = 1; i <= 3; i++) {
            db.execute("INSERT INTO " + order + " (id, " + db.quote("group") + ") VALUES (" + i + ", 'g" + i + "')");
        }
        String zoe = "Zoë – 東京";
        Migrator migrator = Migrator.configure(db.dataSource).completeImmediately(true).migrations(List.of(
                migration("1", null, "order", "Plan", SqlType.varchar(40), Backfill.constant("'O''Brien'")),
                migration("2", null, "order", "user", SqlType.varchar(40), Backfill.constant("'" + zoe + "'"))))
                .load();

        migrator.migrate();

        TestDatabase.ColumnFacts plan = db.column("order", "Plan");
        assertEquals("Plan", plan.storedName(), "a mixed-case name is taken exactly");
        assertFalse(plan.nullable());
        TestDatabase.ColumnFacts user = db.column("order", "user");
        assertEquals(db.foldsToUpperCase() ? "USER" : "user", user.storedName(),
                "a lower-case name is stored the way an unquoted one would be");
        assertFalse(user.nullable());
        assertEquals(List.of(List.of("O'Brien", zoe), List.of("O'Brien", zoe), List.of("O'Brien", zoe)),
                db.query("SELECT " + db.quote("Plan") + ", " + db.quote(user.storedName()) + " FROM " + order
                        + " ORDER BY id"));
        assertTrue(migrator.migrate().applied().isEmpty(), "nothing left to do");
    }

    @EngineTest
    void aStrangeTableNameIsJustAName(TestDatabase db) {
        String strange = "x\"; drop table victims; --";
        String quoted = db.quote(strange);
        db.execute("CREATE TABLE victims (id INTEGER PRIMARY KEY)", "INSERT INTO victims (id) VALUES (1)",
                "CREATE TABLE " + quoted + " (id INTEGER PRIMARY KEY)", "INSERT INTO " + quoted + " (id) VALUES (1)");

        Migrator.configure(db.dataSource).completeImmediately(true).migrations(List.of(
                migration("1", null, strange, "plan", SqlType.varchar(10), Backfill.constant("'free'")))).load().migrate();

        assertEquals("free", db.single("SELECT plan FROM " + quoted));
        assertEquals(1L, ((Number) db.single("SELECT COUNT(*) FROM victims")).longValue(), "no statement injected");
    }

    // ---- 7. a table in a non-default schema ----

    @EngineTest
    void tableInANonDefaultSchema(TestDatabase db) {
        String schema;
        if (db.isMysqlFamily()) {
            schema = TestDatabase.createMariadbDatabase(); // MariaDB and MySQL call a schema a database
        } else if (db.engine.startsWith("SQLite")) {
            schema = null;
        } else {
            schema = "billing";
            db.execute("CREATE SCHEMA billing");
        }
        if (schema == null) {
            sqliteHasOnlyMain(db);
            return;
        }
        try {
            // A table of the same name in the default schema must stay untouched.
            db.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, amount INTEGER NOT NULL)",
                    "INSERT INTO invoices (id, amount) VALUES (1, 5)",
                    "CREATE TABLE " + schema + ".invoices (id INTEGER PRIMARY KEY, amount INTEGER NOT NULL)",
                    "INSERT INTO " + schema + ".invoices (id, amount) VALUES (1, 10)",
                    "INSERT INTO " + schema + ".invoices (id, amount) VALUES (2, 20)");
            Migrator migrator = Migrator.configure(db.dataSource).completeImmediately(true).migrations(List.of(
                    migration("1", schema, "invoices", "currency", SqlType.varchar(3), Backfill.constant("'EUR'")),
                    migration("2", schema, "invoices", "cents", SqlType.bigint(), Backfill.expression("amount * 100"))))
                    .load();

            MigrationReport report = migrator.migrate();

            assertEquals(List.of(schema + ".invoices.currency", schema + ".invoices.cents"),
                    report.applied().stream().map(MigrationResult::script).toList());
            assertEquals(List.of(List.of("EUR", 1000L), List.of("EUR", 2000L)),
                    db.query("SELECT currency, cents FROM " + schema + ".invoices ORDER BY id").stream()
                            .map(r -> List.<Object>of(r.get(0), ((Number) r.get(1)).longValue())).toList());
            assertFalse(db.column(schema, "invoices", "currency").nullable());
            assertFalse(db.column(schema, "invoices", "cents").nullable());
            assertTrue(db.column(schema, "invoices", "cents").typeName().toLowerCase(Locale.ROOT).contains("big")
                    || db.column(schema, "invoices", "cents").typeName().equalsIgnoreCase("int8"),
                    db.column(schema, "invoices", "cents").typeName());
            assertFalse(db.column(null, "invoices", "currency").exists(), "the default schema's table is untouched");
            assertTrue(migrator.migrate().applied().isEmpty(), "nothing left to do");
        } finally {
            if (db.isMysqlFamily()) {
                TestDatabase.dropMariadbDatabase(schema);
            }
        }
    }

    /** SQLite has one schema per database file: {@code main} works, another is a clear error. */
    private static void sqliteHasOnlyMain(TestDatabase db) {
        db.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, amount INTEGER NOT NULL)",
                "INSERT INTO invoices (id, amount) VALUES (1, 10)");
        Migration main = migration("1", "main", "invoices", "currency", SqlType.varchar(3), Backfill.constant("'EUR'"));
        Migrator.configure(db.dataSource).completeImmediately(true).migrations(List.of(main)).load().migrate();
        assertEquals("EUR", db.single("SELECT currency FROM invoices"));

        MigrationException e = assertThrows(MigrationException.class, () -> Migrator.configure(db.dataSource).completeImmediately(true)
                .migrations(List.of(main, migration("2", "billing", "invoices", "region", SqlType.varchar(3),
                        Backfill.constant("'EU'")))).load().migrate());
        assertTrue(e.getMessage().contains("billing.invoices") && e.getMessage().contains("SQLite"), e.getMessage());
        assertFalse(db.column("invoices", "region").exists(), "nothing was added to main.invoices");
    }
}
