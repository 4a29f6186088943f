package io.requiredsince.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code target(version)}: a run that is one step of another tool's versioned sequence. */
class TargetTest {

    private static List<Migration> migrations() {
        return List.of(
                TestMigration.of("2", "organizations", "plan", SqlType.varchar(20), Backfill.constant("'free'"), false),
                TestMigration.of("3", "organizations", "tier", SqlType.varchar(20), Backfill.expression("lower(name)"), false),
                TestMigration.of("", "organizations", "region", SqlType.varchar(20), Backfill.constant("'eu'"), false));
    }

    @EngineTest
    void appliesUpToTheTargetAndLeavesTheRestPending(TestDatabase db) {
        db.execute("CREATE TABLE organizations (id INTEGER PRIMARY KEY, name VARCHAR(100) NOT NULL)");
        db.execute("INSERT INTO organizations (id, name) VALUES (1, 'Acme')");

        Migrator upTo2 = Migrator.configure(db.dataSource).migrations(migrations()).target("2").load();
        assertTrue(upTo2.plan().stream().noneMatch(p -> p.sql().toLowerCase().contains("tier")
                || p.sql().toLowerCase().contains("region")), upTo2.planScript());
        assertEquals(1, upTo2.migrate().applied().size());
        assertEquals(List.of(MigrationState.EXPANDED, MigrationState.PENDING, MigrationState.PENDING),
                upTo2.info().stream().map(MigrationInfo::state).toList());

        // The next step of the sequence: version 3, with 2 (of the same release) left expanded.
        Migrator upTo3 = Migrator.configure(db.dataSource).migrations(migrations()).target("3").load();
        upTo3.migrate();
        assertEquals(List.of(MigrationState.EXPANDED, MigrationState.EXPANDED, MigrationState.PENDING),
                upTo3.info().stream().map(MigrationInfo::state).toList());

        Migrator all = Migrator.configure(db.dataSource).migrations(migrations()).completeImmediately(true).load();
        all.migrate();
        assertEquals(List.of(MigrationState.APPLIED, MigrationState.APPLIED, MigrationState.APPLIED),
                all.info().stream().map(MigrationInfo::state).toList());
        assertEquals(List.of(List.of("free", "acme", "eu")), db.query("SELECT plan, tier, region FROM organizations"));
    }

    @Test
    void aTargetThatIsNoVersionIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Migrator.configure((SimpleDataSource) () -> { throw new java.sql.SQLException("not used"); }).target("two"));
        assertTrue(e.getMessage().contains("\"two\"") && e.getMessage().contains("2.1"), e.getMessage());
    }
}
