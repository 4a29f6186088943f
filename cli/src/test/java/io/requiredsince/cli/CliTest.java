package io.requiredsince.cli;

import static io.requiredsince.cli.AppClasses.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.requiredsince.testkit.EmbeddedPostgres;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The command line, in process: each command on a real database with an application's compiled
 * migrations on {@code --classpath}, its output, and the exit code a Job acts on.
 */
class CliTest {

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static String[] args(String command, String url, Path classes, String... more) {
        List<String> all = new ArrayList<>(List.of(command, "--url", url, "--classpath", classes.toString()));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    @Test
    void planMigrateCompleteInfoAndValidateOnSqlite() throws Exception {
        Path classes = AppClasses.organization(AppClasses.PLAN_AND_SLUG.toArray(String[]::new));
        String url = "jdbc:sqlite:" + AppClasses.organizationsOnSqlite(1200);

        Run plan = run(args("plan", url, classes));
        assertEquals(0, plan.code(), plan.err());
        assertTrue(plan.out().contains("-- v1 organizations.plan\n") && plan.out().contains("-- v2 organizations.slug\n"),
                plan.out());
        assertEquals(0, count(url, "SELECT count(*) FROM pragma_table_info('organizations') WHERE name = 'plan'"),
                "plan changes nothing");

        Path file = classes.resolveSibling("plan.sql");
        Run planToFile = run(args("plan", url, classes, "--out", file.toString()));
        assertEquals(0, planToFile.code(), planToFile.err());
        assertEquals(plan.out(), Files.readString(file));

        Run migrate = run(args("migrate", url, classes));
        assertEquals(0, migrate.code(), migrate.err());
        assertTrue(migrate.out().contains("2 migration(s) expanded"), migrate.out());
        assertTrue(migrate.out().contains("organizations.slug: backfill, 1,200 row(s)"), "progress: " + migrate.out());
        assertEquals(0, count(url, "SELECT count(*) FROM organizations WHERE plan <> 'free' OR slug <> lower(name)"));
        Run expanded = run(args("info", url, classes, "--json"));
        assertEquals(2, expanded.out().split("\"state\":\"EXPANDED\"", -1).length - 1, expanded.out());

        Run complete = run(args("complete", url, classes, "--json"));
        assertEquals(0, complete.code(), complete.err());
        assertEquals(2, complete.out().split("\"state\":\"APPLIED\"", -1).length - 1, complete.out());
        assertEquals(0, count(url, "SELECT count(*) FROM pragma_table_info('organizations') WHERE name IN ('plan',"
                + " 'slug') AND \"notnull\" = 0"), "complete makes both NOT NULL");

        Run info = run(args("info", url, classes, "--json"));
        assertEquals(0, info.code(), info.err());
        assertTrue(info.out().startsWith("[{\"version\":\"1\",\"script\":\"organizations.plan\""), info.out());
        assertEquals(2, info.out().split("\"state\":\"APPLIED\"", -1).length - 1, info.out());

        Run validate = run(args("validate", url, classes));
        assertEquals(0, validate.code(), validate.err());
        assertTrue(validate.out().contains("agree"), validate.out());

        Run again = run(args("migrate", url, classes, "--json"));
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("\"alreadyApplied\":2") && again.out().contains("\"applied\":[]"), again.out());
    }

    @Test
    void exitCodesSayWhatHappened() throws Exception {
        Path classes = AppClasses.organization(AppClasses.PLAN_AND_SLUG.get(0));
        String url = "jdbc:sqlite:" + AppClasses.organizationsOnSqlite(10);

        Run usage = run("migrate", "--classpath", classes.toString());
        assertEquals(Main.USAGE, usage.code(), "no --url: " + usage.err());
        assertTrue(usage.err().contains("--url"), usage.err());

        Run unreachable = run(args("info", "jdbc:postgresql://127.0.0.1:1/none?connectTimeout=2", classes));
        assertEquals(Main.NO_DATABASE, unreachable.code(), unreachable.err());
        assertTrue(unreachable.err().contains("cannot reach jdbc:postgresql://127.0.0.1:1/none"), unreachable.err());

        Path yieldsNull = AppClasses.organization(
                "    @RequiredSince(version = \"1\", backfill = \"nullif(name, name)\") String plan;");
        Run failed = run(args("migrate", url, yieldsNull));
        assertEquals(Main.FAILED, failed.code(), failed.out() + failed.err());
        assertTrue(failed.err().contains("10 row(s) of organizations still have plan NULL"), failed.err());

        assertEquals(0, run(args("migrate", url, classes)).code(), "the next run with a good backfill completes");
        Path edited = AppClasses.organization(
                "    @RequiredSince(version = \"1\", backfill = \"'paid'\") String plan;");
        Run drift = run(args("validate", url, edited));
        assertEquals(Main.INVALID, drift.code(), drift.out() + drift.err());
        Run refused = run(args("migrate", url, edited));
        assertEquals(Main.INVALID, refused.code(), refused.out() + refused.err());
    }

    @Test
    void migratesAndUndoesOnPostgres() throws Exception {
        Path classes = AppClasses.organization(AppClasses.PLAN_AND_SLUG.toArray(String[]::new));
        String url = AppClasses.organizationsOnPostgres(EmbeddedPostgres.start(), "cli", 3000);
        Run migrate = run(args("migrate", url, classes));
        assertEquals(0, migrate.code(), migrate.err());
        assertTrue(migrate.out().startsWith("  organizations.plan: add with default"), migrate.out());
        assertEquals(0, count(url, "SELECT count(*) FROM organizations WHERE plan <> 'free' OR slug <> lower(name)"));

        Run undo = run(args("undo", url, classes, "1"));
        assertEquals(0, undo.code(), undo.err());
        assertTrue(undo.out().contains("Undid v2 organizations.slug"), undo.out());
        assertEquals(0, count(url, "SELECT count(*) FROM information_schema.columns WHERE column_name = 'slug'"));
    }
}
