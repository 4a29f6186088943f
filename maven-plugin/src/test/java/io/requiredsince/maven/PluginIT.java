package io.requiredsince.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * What the projects under {@code src/it}, built by a real Maven with the plugin just before this
 * test ({@code maven-invoker-plugin}), left behind: their build logs, the plan file and the
 * database the goals worked on.
 */
class PluginIT {

    private static final Path IT = Paths.get(System.getProperty("requiredsince.it.dir", "target/it"));

    private static long count(Connection c, String sql) throws Exception {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void planMigrateCompleteInfoAndValidateRanOnTheProjectsDatabase() throws Exception {
        Path project = IT.resolve("migrate-h2");
        String log = Files.readString(project.resolve("build.log"));

        Path plan = project.resolve("target/requiredsince/plan.sql");
        assertTrue(log.contains("requiredsince: wrote the plan to " + plan.toAbsolutePath()), log);
        String script = Files.readString(plan);
        assertTrue(script.contains("-- v1 organizations.plan\n") && script.contains("-- v2 organizations.slug\n"),
                script);

        assertTrue(log.contains("2 migration(s) expanded"), "migrate expands: " + log);
        assertTrue(log.contains("organizations.slug: backfill, 1,500 row(s)"), "progress on the console: " + log);
        assertTrue(log.indexOf("EXPANDED") < log.indexOf(":complete (default-cli)"), "info after migrate: " + log);
        assertTrue(log.lastIndexOf("APPLIED") > log.indexOf(":complete (default-cli)")
                && log.contains("the history and the code agree"), "info after complete: " + log);

        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + project.resolve("target/app"), "sa", "")) {
            assertEquals(1500, count(c, "SELECT count(*) FROM organizations WHERE plan = 'free' AND slug = lower(name)"));
            assertEquals(0, count(c, "SELECT count(*) FROM information_schema.columns WHERE table_name = 'ORGANIZATIONS'"
                    + " AND column_name IN ('PLAN', 'SLUG') AND is_nullable = 'YES'"), "both NOT NULL");
        }
    }

    @Test
    void withoutADatabaseTheBuildFailsSayingHowToGiveOne() throws Exception {
        String log = Files.readString(IT.resolve("no-url/build.log"));
        assertTrue(log.contains("requiredsince: no database to work on")
                && log.contains("-Drequiredsince.url=jdbc:"), log);
        assertFalse(log.contains("BUILD SUCCESS"), log);
    }
}
