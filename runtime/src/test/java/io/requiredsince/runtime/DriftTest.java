package io.requiredsince.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Supplier;

/** Fault group 4: a migration edited after it was applied, or removed from the code, is caught. */
class DriftTest {


    private static Migration plan(String backfill) {
        return TestMigration.of("2", "organizations", "plan", SqlType.varchar(20), Backfill.constant(backfill), false);
    }

    private static Migration slug() {
        return TestMigration.of("3", "organizations", "slug", SqlType.varchar(100), Backfill.expression("lower(name)"),
                false);
    }

    private static TestDatabase applied(Supplier<TestDatabase> engine) {
        TestDatabase db = engine.get();
        db.execute("CREATE TABLE organizations (id INTEGER PRIMARY KEY, name VARCHAR(100) NOT NULL)",
                "INSERT INTO organizations (id, name) VALUES (1, 'A'), (2, 'B')");
        Migrator.configure(db.dataSource).completeImmediately(true)
                .migrations(List.of(plan("'free'"), slug())).load().migrate();
        return db;
    }

    @EngineTest
    void editedBackfillIsCaughtByValidateAndMigrateNamingTheChange(Supplier<TestDatabase> engine) {
        TestDatabase db = applied(engine);
        Migrator edited = Migrator.configure(db.dataSource).completeImmediately(true)
                .migrations(List.of(plan("'basic'"), slug())).load();

        ValidationReport report = edited.validate();

        assertFalse(report.isValid());
        assertEquals(1, report.changed().size());
        assertEquals("organizations.plan", report.changed().get(0).script());
        assertEquals(List.of("backfill changed from 'free' to 'basic'"), report.changed().get(0).changes());
        ValidationException e = assertThrows(ValidationException.class, edited::migrate);
        assertTrue(e.getMessage().contains("backfill changed from 'free' to 'basic'"), e.getMessage());
        assertTrue(e.getMessage().contains("repair()"), e.getMessage());
        assertEquals(List.of(List.of("free"), List.of("free")), db.query("SELECT plan FROM organizations ORDER BY id"),
                "refusing changes nothing");
    }

    @EngineTest
    void repairAcceptsTheEditAndRevertingTheCodeAlsoWorks(Supplier<TestDatabase> engine) {
        TestDatabase db = applied(engine);
        Migrator edited = Migrator.configure(db.dataSource).completeImmediately(true)
                .migrations(List.of(plan("'basic'"), slug())).load();
        Migrator reverted = Migrator.configure(db.dataSource).completeImmediately(true)
                .migrations(List.of(plan("'free'"), slug())).load();

        assertTrue(reverted.validate().isValid(), "the code as applied is valid");
        ValidationReport repaired = edited.repair();

        assertEquals(1, repaired.changed().size());
        assertTrue(edited.validate().isValid());
        assertEquals(0, edited.migrate().applied().size());
        assertFalse(reverted.validate().isValid(), "the old definition is now the edit");
    }

    @EngineTest
    void migrationRemovedFromTheCodeIsReportedUntilRepaired(Supplier<TestDatabase> engine) {
        TestDatabase db = applied(engine);
        Migrator without = Migrator.configure(db.dataSource).completeImmediately(true)
                .migrations(List.of(plan("'free'"))).load();

        ValidationReport report = without.validate();

        assertEquals(List.of(new ValidationReport.Missing("organizations.slug", MigrationVersion.parse("3"), true)),
                report.missing());
        assertThrows(ValidationException.class, without::migrate);
        without.repair();
        assertTrue(without.validate().isValid());
        without.migrate();
    }

    @EngineTest
    void editingAFailedMigrationIsTheFixNotDrift(Supplier<TestDatabase> engine) {
        TestDatabase db = engine.get();
        db.execute("CREATE TABLE organizations (id INTEGER PRIMARY KEY, name VARCHAR(100))",
                "INSERT INTO organizations (id, name) VALUES (1, 'A'), (2, NULL)");
        Migration bad = TestMigration.of("3", "organizations", "slug", SqlType.varchar(100),
                Backfill.expression("lower(name)"), false);
        assertThrows(MigrationException.class,
                () -> Migrator.configure(db.dataSource).completeImmediately(true)
                        .migrations(List.of(bad)).load().migrate());
        Migrator fixed = Migrator.configure(db.dataSource).completeImmediately(true)
                .migrations(List.of(TestMigration.of("3", "organizations",
                "slug", SqlType.varchar(100), Backfill.expression("coalesce(lower(name), 'none')"), false))).load();

        assertTrue(fixed.validate().isValid());
        fixed.migrate();
        assertEquals(List.of(List.of("a"), List.of("none")), db.query("SELECT slug FROM organizations ORDER BY id"));
    }

    @EngineTest
    void historyWrittenBeforeDefinitionsWereStoredStillCatchesEditsAndIsUpgraded(Supplier<TestDatabase> engine) {
        TestDatabase db = applied(engine);
        db.execute("ALTER TABLE requiredsince_history DROP COLUMN definition",
                "ALTER TABLE requiredsince_history DROP COLUMN step_reached",
                "ALTER TABLE requiredsince_history DROP COLUMN added_column",
                "ALTER TABLE requiredsince_history DROP COLUMN prior_default");
        Migrator edited = Migrator.configure(db.dataSource).completeImmediately(true)
                .migrations(List.of(plan("'basic'"), slug())).load();

        assertEquals(List.of("organizations.plan"), edited.validate().changed().stream()
                .map(ValidationReport.Changed::script).toList(), "validate() reads the old table as it is");
        ValidationException e = assertThrows(ValidationException.class, edited::migrate);

        assertTrue(e.getMessage().contains("checksum changed from"), e.getMessage());
        assertTrue(db.column("requiredsince_history", "definition").exists(), "the history table was upgraded");
        assertTrue(db.column("requiredsince_history", "prior_default").exists(), "with what a column was before");
        assertTrue(Migrator.configure(db.dataSource).completeImmediately(true)
                .migrations(List.of(plan("'free'"), slug())).load().validate()
                .isValid());
    }
}
