package io.requiredsince.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

/** The whole runtime chain on real engines, each table holding rows before the migration. */
class MigratorTest {

    private static void organizations(TestDatabase db, int rows) {
        db.execute("CREATE TABLE organizations (id INTEGER PRIMARY KEY, name VARCHAR(100) NOT NULL)");
        if (rows == 0) {
            return;
        }
        StringBuilder insert = new StringBuilder("INSERT INTO organizations (id, name) VALUES ");
        for (int i = 1; i <= rows; i++) {
            insert.append(i > 1 ? ", " : "").append("(").append(i).append(", 'Org ").append(i).append("')");
        }
        db.execute(insert.toString());
    }

    private static Migration plan(boolean keepDefault) {
        return TestMigration.of("2", "organizations", "plan", SqlType.varchar(20), Backfill.constant("'free'"),
                keepDefault);
    }

    @EngineTest
    void constantBackfillFillsExistingRowsThenRejectsNull(TestDatabase db) {
        organizations(db, 50);
        Migrator migrator = Migrator.configure(db.dataSource).completeImmediately(true)
                .migrations(List.of(plan(false))).load();

        MigrationReport report = migrator.migrate();

        assertEquals(1, report.applied().size());
        assertEquals(50L, db.single("SELECT COUNT(*) FROM organizations WHERE plan = 'free'") instanceof Number n
                ? n.longValue() : -1);
        assertEquals(0L, ((Number) db.single("SELECT COUNT(*) FROM organizations WHERE plan IS NULL")).longValue());
        TestDatabase.ColumnFacts facts = db.column("organizations", "plan");
        assertFalse(facts.nullable(), "plan must be NOT NULL");
        assertNull(facts.defaultValue(), "the temporary default must be gone");
        assertEquals(20, facts.size(), "declared as varchar(20): " + facts.typeName());
        assertNotNull(db.tryExecute("INSERT INTO organizations (id, name) VALUES (1000, 'no plan')"),
                "an insert without the column must fail now");
        assertNotNull(db.tryExecute("INSERT INTO organizations (id, name, plan) VALUES (1001, 'x', NULL)"),
                "an explicit NULL must fail now");
    }

    @EngineTest
    void keepDefaultLeavesTheBackfillAsDefault(TestDatabase db) {
        organizations(db, 5);
        Migrator.configure(db.dataSource).completeImmediately(true).migrations(List.of(plan(true))).load().migrate();

        TestDatabase.ColumnFacts facts = db.column("organizations", "plan");
        assertFalse(facts.nullable());
        assertNotNull(facts.defaultValue(), "keepDefault keeps a default");
        db.execute("INSERT INTO organizations (id, name) VALUES (100, 'new')");
        assertEquals("free", db.single("SELECT plan FROM organizations WHERE id = 100"));
    }

    @EngineTest
    void expressionBackfillIsEvaluatedPerRow(TestDatabase db) {
        organizations(db, 3);
        Migration slug = TestMigration.of("3", "organizations", "slug", SqlType.varchar(100),
                Backfill.expression("lower(name)"), false);

        MigrationReport report = Migrator.configure(db.dataSource).completeImmediately(true)
                .migrations(List.of(slug)).load().migrate();

        assertEquals(3, report.rowsBackfilled());
        assertEquals(List.of(List.of("org 1"), List.of("org 2"), List.of("org 3")),
                db.query("SELECT slug FROM organizations ORDER BY id"));
        assertFalse(db.column("organizations", "slug").nullable());
        assertNull(db.column("organizations", "slug").defaultValue());
        assertEquals(100, db.column("organizations", "slug").size());
    }

    @EngineTest
    void emptyTableGetsARequiredColumnWithoutADefault(TestDatabase db) {
        organizations(db, 0);

        MigrationReport report = Migrator.configure(db.dataSource).completeImmediately(true)
                .migrations(List.of(plan(false))).load().migrate();

        assertEquals(0, report.rowsBackfilled());
        TestDatabase.ColumnFacts facts = db.column("organizations", "plan");
        assertFalse(facts.nullable());
        assertNull(facts.defaultValue());
        assertEquals(20, facts.size());
        assertNotNull(db.tryExecute("INSERT INTO organizations (id, name) VALUES (1, 'no plan')"));
        db.execute("INSERT INTO organizations (id, name, plan) VALUES (2, 'with plan', 'pro')");
        assertEquals("pro", db.single("SELECT plan FROM organizations"));
    }

    @EngineTest
    void secondRunChangesNothingAndHistoryHasOneRowPerMigration(TestDatabase db) {
        organizations(db, 10);
        Migration slug = TestMigration.of("3", "organizations", "slug", SqlType.varchar(100),
                Backfill.expression("lower(name)"), false);
        Migrator migrator = Migrator.configure(db.dataSource).completeImmediately(true)
                .migrations(List.of(slug, plan(false))).load();

        MigrationReport first = migrator.migrate();
        MigrationReport second = migrator.migrate();

        assertEquals(List.of("organizations.plan", "organizations.slug"),
                first.applied().stream().map(MigrationResult::script).toList(), "version order: 2 before 3");
        assertTrue(second.applied().isEmpty());
        assertEquals(2, second.alreadyApplied());
        assertTrue(migrator.plan().isEmpty(), "nothing left to plan");
        assertEquals(2L, ((Number) db.single("SELECT COUNT(*) FROM requiredsince_history")).longValue());
        List<MigrationInfo> info = migrator.info();
        assertEquals(2, info.size());
        assertTrue(info.stream().allMatch(i -> i.state() == MigrationState.APPLIED));
        assertEquals(10L, info.stream().filter(i -> i.script().equals("organizations.slug")).findFirst()
                .orElseThrow().rowsBackfilled());
    }

    @EngineTest
    void planChangesNothing(TestDatabase db) {
        organizations(db, 3);
        Migrator migrator = Migrator.configure(db.dataSource).completeImmediately(true)
                .migrations(List.of(plan(false))).load();

        List<PlannedStatement> plan = migrator.plan();

        assertFalse(plan.isEmpty());
        assertFalse(db.column("organizations", "plan").exists(), "plan() must not add the column");
        assertFalse(db.column("requiredsince_history", "script").exists(), "plan() must not create the history");
        assertEquals(MigrationState.PENDING, migrator.info().get(0).state());
        // What plan() promised is what migrate() runs.
        MigrationReport report = migrator.migrate();
        assertEquals(plan.stream().map(PlannedStatement::sql).toList(),
                report.applied().get(0).steps().stream().map(ExecutedStep::sql).toList());
    }

    @EngineTest
    void columnAlreadyRequiredIsLeftAlone(TestDatabase db) {
        organizations(db, 2);
        db.execute("ALTER TABLE organizations ADD COLUMN plan VARCHAR(20) DEFAULT 'pro' NOT NULL");

        MigrationReport report = Migrator.configure(db.dataSource).completeImmediately(true)
                .migrations(List.of(plan(false))).load().migrate();

        assertTrue(report.applied().get(0).steps().isEmpty());
        assertEquals(List.of(List.of("pro"), List.of("pro")), db.query("SELECT plan FROM organizations ORDER BY id"));
    }

    @EngineTest
    void partiallyFilledNullableColumnIsCompleted(TestDatabase db) {
        organizations(db, 4);
        db.execute("ALTER TABLE organizations ADD COLUMN plan VARCHAR(20)",
                "UPDATE organizations SET plan = 'enterprise' WHERE id <= 2");

        MigrationReport report = Migrator.configure(db.dataSource).completeImmediately(true)
                .migrations(List.of(plan(false))).load().migrate();

        assertEquals(2, report.rowsBackfilled());
        assertEquals(List.of(List.of("enterprise"), List.of("enterprise"), List.of("free"), List.of("free")),
                db.query("SELECT plan FROM organizations ORDER BY id"));
        assertFalse(db.column("organizations", "plan").nullable());
    }

    @EngineTest
    void missingTableIsAClearError(TestDatabase db) {
        MigrationException e = assertThrows(MigrationException.class,
                () -> Migrator.configure(db.dataSource).completeImmediately(true)
                        .migrations(List.of(plan(false))).load().migrate());
        assertTrue(e.getMessage().contains("organizations") && e.getMessage().contains("does not exist"),
                e.getMessage());
    }

    @EngineTest
    void failedBackfillIsRecordedAndRerunResumes(TestDatabase db) {
        organizations(db, 3);
        Migration bad = TestMigration.of("4", "organizations", "code", SqlType.integer(),
                Backfill.expression("no_such_column + 1"), false);

        MigrationException e = assertThrows(MigrationException.class,
                () -> Migrator.configure(db.dataSource).completeImmediately(true)
                        .migrations(List.of(bad)).load().migrate());

        assertEquals("organizations.code", e.script());
        // Before SQLite 3.53 the rebuild's copy is the backfill.
        String fill = db.engine.startsWith("SQLite (old") ? "rebuild table" : "backfill";
        assertEquals(fill, e.step());
        assertTrue(e.getMessage().contains(fill), e.getMessage());
        assertTrue(db.column("organizations", "code").nullable(), "never half-tightened");
        assertEquals(3L, ((Number) db.single("SELECT COUNT(*) FROM organizations")).longValue());
        Migrator fixed = Migrator.configure(db.dataSource).completeImmediately(true)
                .migrations(List.of(TestMigration.of("4", "organizations",
                "code", SqlType.integer(), Backfill.expression("id + 1"), false))).load();
        assertEquals(MigrationState.FAILED, fixed.info().get(0).state());

        MigrationReport report = fixed.migrate();

        assertEquals(3, report.rowsBackfilled());
        assertEquals(fill, report.applied().get(0).steps().get(0).step(), "the column is not added twice");
        assertEquals(MigrationState.APPLIED, fixed.info().get(0).state());
    }
}
