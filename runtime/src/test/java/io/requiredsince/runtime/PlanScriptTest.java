package io.requiredsince.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code planScript()} is SQL a DBA can run: written to a file and run by the engine's own client
 * ({@code psql}, {@code sqlite3}), it leaves the same end state as {@code migrate()} on a twin
 * database, and the next {@code migrate()} records the migrations as applied without changing
 * anything. A Java backfill is named and left out.
 */
class PlanScriptTest {

    private static final List<Migration> MIGRATIONS = List.of(
            TestMigration.of("1", "organizations", "plan", SqlType.varchar(20), Backfill.constant("'free'"), false),
            TestMigration.of("2", "organizations", "slug", SqlType.varchar(100), Backfill.expression("lower(name)"),
                    false));

    private static void runClient(TestDatabase db, Path script) throws Exception {
        List<String> command = db.engine.startsWith("SQLite")
                ? List.of("sqlite3", "-bail", db.clientTarget(), ".read " + script)
                : List.of("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", script.toString(), db.clientTarget());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), "the client finished");
        assertEquals(0, p.exitValue(), String.join(" ", command) + " failed:\n" + output);
    }

    private static List<List<Object>> values(TestDatabase db) {
        return db.query("SELECT id, plan, slug FROM organizations ORDER BY id");
    }

    // The SQLite script is run by the machine's sqlite3 (3.40): the old driver's road (the table
    // rebuild) is the one that client can run; the current driver's ALTER COLUMN needs 3.53.
    @EngineTest(only = {TestEngine.POSTGRES_17, TestEngine.POSTGRES_SERVER, TestEngine.SQLITE_OLD})
    void theScriptRunInTheEnginesClientEndsAsMigrateDoes(TestDatabase scripted, TestDatabase twin) throws Exception {
        for (TestDatabase db : List.of(scripted, twin)) {
            LockLossTest.organizations(db, 2500);
        }
        String script = Migrator.configure(scripted.dataSource).completeImmediately(true)
                .migrations(MIGRATIONS).load().planScript();
        assertTrue(script.contains("\n-- v1 organizations.plan\n-- step: "), script);
        assertTrue(script.contains("\n-- v2 organizations.slug\n"), script);
        for (String placeholder : List.of(":after", ":upto", ":batch_size", ":from_block", " ? ", "= ?")) {
            assertFalse(script.contains(placeholder), "no placeholder " + placeholder + " in\n" + script);
        }
        assertTrue(script.contains(scripted.engine.startsWith("SQLite") ? "SQLite" : "PostgreSQL"), script);

        Path file = TempDirectories.create("requiredsince-plan-").resolve("plan.sql");
        Files.writeString(file, script);
        runClient(scripted, file);
        Migrator.configure(twin.dataSource).completeImmediately(true).migrations(MIGRATIONS).load().migrate();

        assertEquals(values(twin), values(scripted), "every row as migrate() leaves it");
        for (String column : List.of("plan", "slug")) {
            assertEquals(twin.column("organizations", column), scripted.column("organizations", column),
                    "the column as migrate() leaves it");
            assertFalse(scripted.column("organizations", column).nullable());
        }

        MigrationReport after = Migrator.configure(scripted.dataSource).completeImmediately(true)
                .migrations(MIGRATIONS).load().migrate();
        assertEquals(0, after.rowsBackfilled(), "nothing left to do after the script");
        assertTrue(Migrator.configure(scripted.dataSource).completeImmediately(true)
                .migrations(MIGRATIONS).load().info().stream()
                .allMatch(i -> i.state() == MigrationState.APPLIED), "recorded by the next migrate()");
        assertEquals(values(twin), values(scripted));
    }

    @EngineTest(only = TestEngine.H2)
    void aJavaBackfillIsNamedAndLeftOut(TestDatabase db) {
        LockLossTest.organizations(db, 10);
        Migration java = TestMigration.of("3", "organizations", "label", SqlType.varchar(40),
                Backfill.perRow(JavaBackfillTypesTest.ExternalId.class), false);
        String script = Migrator.configure(db.dataSource).completeImmediately(true)
                .migrations(List.of(java)).load().planScript();
        assertTrue(script.contains("-- v3 organizations.label\n-- Left out: its backfill is computed in Java"), script);
        assertTrue(script.contains("-- Nothing to migrate."), script);
        assertFalse(script.contains("alter table"), script);
    }
}
