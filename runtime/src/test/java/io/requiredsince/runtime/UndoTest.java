package io.requiredsince.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Supplier;

/** undo(): drops a column the migration added, relaxes one that existed, refuses to lose data unless forced. */
class UndoTest {


    /** Engines that can make a column nullable again in place (SQLite would need a table rebuild). */


    private static Migration v(String version, String column, Backfill backfill) {
        return TestMigration.of(version, "organizations", column, SqlType.varchar(40), backfill, false);
    }

    private static final List<Migration> ALL = List.of(v("2", "plan", Backfill.constant("'free'")),
            v("3", "slug", Backfill.expression("lower(name)")), v("4", "tier", Backfill.constant("'bronze'")));

    private static TestDatabase organizations(Supplier<TestDatabase> engine) {
        TestDatabase db = engine.get();
        db.execute("CREATE TABLE organizations (id INTEGER PRIMARY KEY, name VARCHAR(100) NOT NULL)",
                "INSERT INTO organizations (id, name) VALUES (1, 'A'), (2, 'B')");
        return db;
    }

    private static long undoneRows(TestDatabase db) {
        return ((Number) db.single("SELECT COUNT(*) FROM requiredsince_history WHERE type = 'UNDONE'")).longValue();
    }

    @EngineTest
    void undoDropsTheColumnTheLatestMigrationAddedAndMigrateAppliesItAgain(Supplier<TestDatabase> engine) {
        TestDatabase db = organizations(engine);
        Migrator migrator = Migrator.configure(db.dataSource).completeImmediately(true).migrations(ALL).load();
        migrator.migrate();

        List<UndoResult> undone = migrator.undo();

        assertEquals(1, undone.size());
        assertEquals("organizations.tier", undone.get(0).script());
        assertTrue(undone.get(0).droppedColumn());
        assertFalse(db.column("organizations", "tier").exists());
        assertTrue(db.column("organizations", "slug").exists());
        assertEquals(1, undoneRows(db), "the history records the undo");
        assertEquals(MigrationState.PENDING, migrator.info().stream()
                .filter(i -> i.script().equals("organizations.tier")).findFirst().orElseThrow().state());
        assertTrue(migrator.validate().isValid());
        assertEquals(1, migrator.migrate().applied().size());
        assertFalse(db.column("organizations", "tier").nullable());
    }

    @EngineTest
    void undoDownToAVersionRevertsEveryNewerOne(Supplier<TestDatabase> engine) {
        TestDatabase db = organizations(engine);
        Migrator migrator = Migrator.configure(db.dataSource).completeImmediately(true).migrations(ALL).load();
        migrator.migrate();

        List<UndoResult> undone = migrator.undo("2");

        assertEquals(List.of("organizations.tier", "organizations.slug"),
                undone.stream().map(UndoResult::script).toList(), "newest first");
        assertTrue(db.column("organizations", "plan").exists());
        assertFalse(db.column("organizations", "slug").exists());
        assertEquals(2, undoneRows(db));
    }

    @EngineTest
    void droppingValuesOtherThanTheBackfillNeedsForce(Supplier<TestDatabase> engine) {
        TestDatabase db = organizations(engine);
        Migrator.configure(db.dataSource).completeImmediately(true).migrations(ALL).load().migrate();
        db.execute("UPDATE organizations SET tier = 'gold' WHERE id = 2");

        MigrationException e = assertThrows(MigrationException.class,
                () -> Migrator.configure(db.dataSource).completeImmediately(true).migrations(ALL).load().undo());

        assertTrue(e.getMessage().contains("1 row(s)") && e.getMessage().contains("forceUndo"), e.getMessage());
        assertTrue(db.column("organizations", "tier").exists(), "nothing dropped");
        assertEquals(0, undoneRows(db));
        Migrator.configure(db.dataSource).completeImmediately(true).migrations(ALL).forceUndo(true).load().undo();
        assertFalse(db.column("organizations", "tier").exists());
    }

    @EngineTest(exceptFamily = EngineFamily.SQLITE)
    void columnThatExistedBeforeIsMadeNullableAgainNotDropped(Supplier<TestDatabase> engine) {
        TestDatabase db = organizations(engine);
        db.execute("ALTER TABLE organizations ADD COLUMN plan VARCHAR(40)",
                "UPDATE organizations SET plan = 'pro' WHERE id = 1");
        Migrator migrator = Migrator.configure(db.dataSource).completeImmediately(true)
                .migrations(List.of(ALL.get(0))).load();
        migrator.migrate();
        assertFalse(db.column("organizations", "plan").nullable());

        List<UndoResult> undone = migrator.undo();

        assertFalse(undone.get(0).droppedColumn());
        assertTrue(db.column("organizations", "plan").nullable());
        assertEquals(List.of(List.of("pro"), List.of("free")), db.query("SELECT plan FROM organizations ORDER BY id"));
    }

    @EngineTest(family = EngineFamily.SQLITE)
    void sqliteRefusesToRelaxAnExistingColumnAndChangesNothing(Supplier<TestDatabase> engine) {
        TestDatabase db = organizations(engine);
        db.execute("ALTER TABLE organizations ADD COLUMN plan VARCHAR(40)");
        Migrator migrator = Migrator.configure(db.dataSource).completeImmediately(true)
                .migrations(List.of(ALL.get(0))).load();
        migrator.migrate();

        MigrationException e = assertThrows(MigrationException.class, migrator::undo);

        assertTrue(e.getMessage().contains("SQLite cannot"), e.getMessage());
        assertFalse(db.column("organizations", "plan").nullable());
        assertEquals(0, undoneRows(db));
    }

    @EngineTest
    void javaBackfilledColumnNeedsForceWhenItHoldsValuesAndForceDropsIt(Supplier<TestDatabase> engine) {
        TestDatabase db = organizations(engine);
        List<Migration> java = List.of(v("2", "plan", Backfill.perRow(NameBackfill.class)));
        Migrator.configure(db.dataSource).completeImmediately(true).migrations(java).load().migrate();
        assertEquals(List.of(List.of("plan-A"), List.of("plan-B")), db.query("SELECT plan FROM organizations ORDER BY id"));

        MigrationException e = assertThrows(MigrationException.class,
                () -> Migrator.configure(db.dataSource).completeImmediately(true).migrations(java).load().undo());

        assertTrue(e.getMessage().contains("2 row(s)") && e.getMessage().contains("computed it in Java")
                && e.getMessage().contains("forceUndo"), e.getMessage());
        assertTrue(db.column("organizations", "plan").exists(), "nothing dropped");
        assertEquals(0, undoneRows(db));
        List<UndoResult> undone = Migrator.configure(db.dataSource).completeImmediately(true)
                .migrations(java).forceUndo(true).load().undo();
        assertTrue(undone.get(0).droppedColumn());
        assertFalse(db.column("organizations", "plan").exists());
        assertEquals(1, undoneRows(db));
    }

    /** A row backfill: its values cannot be compared in SQL. */
    public static final class NameBackfill implements RowBackfill<String> {
        @Override
        public String compute(java.util.Map<String, Object> row) {
            return "plan-" + row.get("name");
        }
    }
}
