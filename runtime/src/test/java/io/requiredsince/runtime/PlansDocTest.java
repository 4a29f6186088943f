package io.requiredsince.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/plans.md} shows, per engine and version, the exact statements {@code plan()} gives for
 * three migrations. This test computes them on the real engines and fails when the page says
 * otherwise, so the page never drifts from the code. Regenerate it with
 * {@code mvn -pl runtime -am verify -Dtest=PlansDocTest -Drequiredsince.regenerateDocs=true}.
 */
class PlansDocTest {

    /** The engines the page shows, in its order; the others in the matrix take one of these roads. */
    private static final List<TestEngine> SHOWN = List.of(TestEngine.POSTGRES_10, TestEngine.POSTGRES_11,
            TestEngine.POSTGRES_12, TestEngine.POSTGRES_17, TestEngine.POSTGRES_18, TestEngine.MARIADB,
            TestEngine.SQLITE_CURRENT, TestEngine.SQLITE_OLD, TestEngine.H2, TestEngine.HSQLDB, TestEngine.DERBY);

    private static final List<Migration> MIGRATIONS = List.of(
            TestMigration.of("2", "organizations", "plan", SqlType.varchar(20), Backfill.of("'free'"), false),
            TestMigration.of("3", "organizations", "tier", SqlType.varchar(20), Backfill.of("'basic'"), true),
            TestMigration.of("4", "organizations", "slug", SqlType.varchar(100), Backfill.of("lower(name)"), false));

    @Test
    void thePageShowsWhatEachEngineRuns() throws IOException {
        StringBuilder page = new StringBuilder("""
                # What each engine runs

                The statements `Migrator.plan()` gives on each engine for three migrations of a table
                `organizations (id integer primary key, name varchar(100) not null)` holding rows:

                ```java
                @RequiredSince(version = "2", backfill = "'free'")                       String plan;
                @RequiredSince(version = "3", backfill = "'basic'", keepDefault = true)  String tier;
                @RequiredSince(version = "4", backfill = "lower(name)")                  String slug;
                ```

                Each migration has two phases. **Expand** is what `migrate()` runs: afterwards an insert that
                omits the column (the application version still running during a deploy) keeps succeeding and
                gives the row its value. **Complete** is what `complete()` runs, or the next version's
                `migrate()`: afterwards the column is required of every insert. With
                `completeImmediately(true)` (one instance) `migrate()` runs the **single-instance** road instead,
                without a fill. Each phase runs exactly these (tests assert it), each step guarded by the live
                schema. PostgreSQL 15 and 16 take the road of 12 and 17; MySQL ≥ 8.0.12 that of MariaDB. This
                page is checked against the engines by `PlansDocTest`; regenerate it with
                `mvn -pl runtime -am verify -Dtest=PlansDocTest -Drequiredsince.regenerateDocs=true`.
                """);
        for (TestEngine shown : SHOWN) {
            String name = shown.displayName();
            Supplier<TestDatabase> engine = TestDatabase.engines().stream().filter(e -> e.engine() == shown)
                    .findFirst().orElseThrow(() -> new AssertionError("No engine " + name + " in the matrix"));
            TestDatabase db = engine.get();
            db.execute("CREATE TABLE organizations (id INTEGER PRIMARY KEY, name VARCHAR(100) NOT NULL)",
                    "INSERT INTO organizations (id, name) VALUES (1, 'Acme')");
            page.append("\n## ").append(name.replace(" (embedded)", "").replace(" (MariaDB driver)", " ≥ 10.3")
                    .replace(" (current driver)", " ≥ 3.53").replace(" (old driver, rebuild)", " < 3.53"))
                    .append("\n");
            for (Migration m : MIGRATIONS) {
                page.append("\n`").append(m.column().column()).append("` (").append(m.column().backfill().sql())
                        .append(m.column().keepDefault() ? ", keepDefault" : "").append("):\n");
                List<PlannedStatement> rolling = Migrator.configure(db.dataSource).migrations(List.of(m)).load().plan();
                block(page, "expand, at `migrate()`", rolling.stream().filter(p -> !p.completePhase()).toList());
                block(page, "complete, at `complete()`", rolling.stream().filter(PlannedStatement::completePhase)
                        .toList());
                block(page, "single instance, `completeImmediately(true)`", Migrator.configure(db.dataSource)
                        .completeImmediately(true).migrations(List.of(m)).load().plan());
            }
        }
        Path doc = Path.of(System.getProperty("requiredsince.plansDoc", "../docs/plans.md"));
        regenerateOrCompare(doc, page);
    }

    private static void block(StringBuilder page, String phase, List<PlannedStatement> statements) {
        page.append("\n").append(phase).append(":\n\n```sql\n");
        if (statements.isEmpty()) {
            page.append("-- nothing\n");
        }
        for (PlannedStatement s : statements) {
            page.append(s.sql()).append(";\n");
        }
        page.append("```\n");
    }

    private static void regenerateOrCompare(Path doc, StringBuilder page) throws IOException {
        if (Boolean.getBoolean("requiredsince.regenerateDocs")) {
            Files.createDirectories(doc.getParent());
            Files.writeString(doc, page, StandardCharsets.UTF_8);
        }
        assertEquals(Files.exists(doc) ? Files.readString(doc, StandardCharsets.UTF_8) : "(missing " + doc + ")",
                page.toString(), doc + " differs from what the engines plan: read the diff, then regenerate it with"
                        + " -Drequiredsince.regenerateDocs=true");
    }
}
