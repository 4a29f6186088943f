package io.requiredsince.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

/**
 * What a person sees when printing what the API returns: {@code plan()} as a script, {@code info()}
 * as an aligned table, a report whose multi-statement steps continue under their first statement,
 * one number format, and no progress for a pass that found nothing to do.
 */
class ReadableOutputTest {

    private static final Migration PLAN = TestMigration.of("1", "organizations", "plan", SqlType.varchar(20),
            Backfill.constant("'free'"), false);
    private static final Migration SLUG = TestMigration.of("2", "organizations", "slug", SqlType.varchar(100),
            Backfill.expression("lower(name)"), false);

    @EngineTest(only = {TestEngine.POSTGRES_17, TestEngine.H2})
    void planInfoAndReportPrintForPeople(TestDatabase db) {
        LockLossTest.organizations(db, 1500);
        List<BackfillProgress> batches = new ArrayList<>();
        MigrationListener listener = new MigrationListener() {
            @Override
            public void batchDone(BackfillProgress progress) {
                batches.add(progress);
            }
        };
        Migrator migrator = Migrator.configure(db.dataSource).completeImmediately(true)
                .migrations(List.of(PLAN, SLUG)).listener(listener)
                .load();

        String plan = migrator.plan().toString();
        assertTrue(plan.startsWith("-- v1 organizations.plan\n"), plan);
        assertTrue(plan.contains("\n-- v2 organizations.slug\n"), plan);
        assertFalse(plan.startsWith("["), "a script, not a list: " + plan);
        assertTrue(plan.lines().filter(l -> !l.startsWith("--")).allMatch(l -> l.endsWith(";")), plan);

        String pending = migrator.info().toString();
        assertEquals(3, pending.lines().count(), "a header and a line per migration: " + pending);
        assertTrue(pending.lines().skip(1).allMatch(l -> l.contains("PENDING")), pending);

        List<String> logged = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                logged.add(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger log = java.util.logging.Logger.getLogger("io.requiredsince");
        log.addHandler(capture);
        MigrationReport report;
        try {
            report = migrator.migrate();
        } finally {
            log.removeHandler(capture);
        }
        String text = report.toString();
        assertTrue(text.contains("1,500 row(s) backfilled"), text);
        // A constant PostgreSQL 11+ keeps in the catalog rewrites no row, and neither the report nor the log says 0.
        String constant = db.engine.startsWith("PostgreSQL") ? "existing rows read the value from the catalog"
                : "1,500 row(s) backfilled";
        assertTrue(text.lines().anyMatch(l -> l.contains("organizations.plan") && l.contains(constant)), text);
        assertTrue(logged.stream().anyMatch(l -> l.contains("organizations.plan") && l.contains(constant)),
                logged.toString());
        assertFalse(logged.stream().anyMatch(l -> l.contains(" 0 row(s)")), logged.toString());
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(" ms  ") && i + 1 < lines.size() && !lines.get(i + 1).contains(" ms  ")
                    && !lines.get(i + 1).startsWith("  v")) {
                int sqlColumn = lines.get(i).indexOf(" ms  ") + 5;
                assertEquals(" ".repeat(sqlColumn), lines.get(i + 1).substring(0, sqlColumn),
                        "a step's next statement starts under its first: " + text);
            }
        }
        assertTrue(batches.stream().allMatch(b -> b.rowsTotal() > 0),
                "no progress reported for a pass over zero rows: " + batches);

        String applied = migrator.info().toString();
        List<String> rows = applied.lines().toList();
        assertEquals(3, rows.size(), applied);
        int state = rows.get(0).indexOf("state");
        assertTrue(rows.stream().skip(1).allMatch(l -> l.indexOf("APPLIED") == state), "aligned: " + applied);
    }
}
