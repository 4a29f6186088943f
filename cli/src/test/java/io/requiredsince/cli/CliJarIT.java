package io.requiredsince.cli;

import static io.requiredsince.cli.AppClasses.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.requiredsince.testkit.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code java -jar requiredsince-cli.jar} as an operator runs it, with nothing but the jar and the
 * application's classes: the drivers of PostgreSQL, SQLite and H2 are inside it.
 */
class CliJarIT {

    private record Run(int code, String output) {
    }

    private static Run java(String... args) throws Exception {
        Path jar = Paths.get(System.getProperty("requiredsince.cli.jar", "target/requiredsince-cli.jar"));
        assertTrue(Files.isRegularFile(jar), "the runnable jar is built: " + jar);
        List<String> command = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Dorg.sqlite.tmpdir=" + System.getProperty("org.sqlite.tmpdir",
                System.getProperty("java.io.tmpdir")), "-jar", jar.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(3, TimeUnit.MINUTES), "the command finished");
        return new Run(p.exitValue(), output);
    }

    @Test
    void theJarRunsItsCommandsWithTheDriversInside() throws Exception {
        Run help = java("--help");
        assertEquals(0, help.code(), help.output());
        assertTrue(help.output().contains("plan") && help.output().contains("Exit codes:"), help.output());

        Path classes = AppClasses.organization(AppClasses.PLAN_AND_SLUG.toArray(String[]::new));
        String sqlite = "jdbc:sqlite:" + AppClasses.organizationsOnSqlite(500);
        Run plan = java("plan", "--url", sqlite, "--classpath", classes.toString());
        assertEquals(0, plan.code(), plan.output());
        assertTrue(plan.output().contains("planned on SQLite"), plan.output());
        Run migrate = java("migrate", "--url", sqlite, "--classpath", classes.toString());
        assertEquals(0, migrate.code(), migrate.output());
        assertEquals(0, count(sqlite, "SELECT count(*) FROM organizations WHERE plan <> 'free' OR slug <> lower(name)"));

        String postgres = AppClasses.organizationsOnPostgres(EmbeddedPostgres.start(), "clijar", 2000);
        Run pgMigrate = java("migrate", "--url", postgres, "--classpath", classes.toString(), "--complete-immediately");
        assertEquals(0, pgMigrate.code(), pgMigrate.output());
        assertTrue(pgMigrate.output().contains("PostgreSQL") && pgMigrate.output().contains("2 migration(s) applied"),
                "--complete-immediately applies them whole: " + pgMigrate.output());
        Run info = java("info", "--url", postgres, "--classpath", classes.toString());
        assertEquals(0, info.code(), info.output());
        assertTrue(info.output().contains("organizations.slug") && info.output().contains("APPLIED"), info.output());

        Path h2 = Files.createTempDirectory("requiredsince-cli-h2-");
        String h2Url = "jdbc:h2:" + h2.resolve("app");
        Run h2Info = java("info", "--url", h2Url, "--classpath", classes.toString());
        assertEquals(0, h2Info.code(), "the H2 driver is inside: " + h2Info.output());
        try (var files = Files.walk(h2)) {
            for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }
}
