package io.requiredsince.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** The example application, end to end, as the README's command runs it. */
class ExampleAppTest {

    private static String run(String... args) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ExampleApp.run(args, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void embeddedPostgresShowsTheNaiveFailureThenProvesTheSafeResult() throws Exception {
        String out = run("--rows", "2000");

        assertTrue(out.contains("Database: PostgreSQL"), out);
        assertTrue(out.contains("-> FAILS: ERROR: column \"plan\" of relation \"naive_demo\" contains null values"), out);
        assertTrue(out.contains("add \"plan\" varchar(255) not null default 'free'"), "the metadata-only road: " + out);
        assertTrue(out.contains("7 migration(s) expanded"), "migrate() expands: " + out);
        assertTrue(out.contains("organization -1: plan = 'free', slug = NULL") && out.contains("employee -1: age = "),
                "the previous version's inserts work while expanded: " + out);
        assertTrue(out.contains("7 migration(s) applied"), "complete() applies them: " + out);
        // Not a terminal: progress as plain lines, backfill batches with rate and ETA, one line per step done.
        assertTrue(out.contains("  employees.age: backfill, 2,000 row(s), ") && out.contains(" rows/s, ETA "), out);
        assertTrue(out.contains("  organizations.plan: add with default, "), out);
        assertTrue(!out.contains("0/0 rows"), "no progress for a pass that found nothing to do: " + out);
        // plan() and info() print as a script and a table.
        assertTrue(out.contains("-- v2 organizations.plan\nalter table \"organizations\" add \"plan\""), out);
        assertTrue(out.contains("version  migration ") && out.contains("APPLIED"), out);
        assertTrue(out.contains("employees whose age matches their birth year     2,000 of 2,000"), out);
        assertTrue(out.contains("organizations with a slug from their name        2,000 of 2,000"), out);
        assertTrue(out.contains("PROVEN"), out);
    }

    @Test
    void anyJdbcUrlWorksAndTheEndStateIsInTheDatabase() throws Exception {
        String url = "jdbc:h2:mem:example;DB_CLOSE_DELAY=-1";
        String out = run("--url", url, "--rows", "500");

        assertTrue(out.contains("-> FAILS"), "H2 refuses the naive statement too: " + out);
        assertTrue(out.contains("PROVEN"), out);
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM users WHERE first_name IS NULL OR is_active IS NULL")) {
            rs.next();
            assertEquals(0, rs.getInt(1));
        }
        // A second run on the same database starts from the old schema again and ends the same way.
        assertTrue(run("--url", url, "--rows", "10").contains("PROVEN"));
    }

    @Test
    void anInMemoryDatabaseLastsTheRunAndAnEngineWithoutItsSqlIsToldSo() throws Exception {
        // Without DB_CLOSE_DELAY an in-memory H2 database lives as long as one of its connections.
        for (String url : java.util.List.of("jdbc:h2:mem:nc", "jdbc:hsqldb:mem:example")) {
            String out = run("--url", url, "--rows", "300");
            assertTrue(out.contains("PROVEN"), url + ": " + out);
        }
        IllegalArgumentException derby = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> run("--url", "jdbc:derby:memory:example;create=true"));
        assertTrue(derby.getMessage().contains("has no EXTRACT: the example runs on PostgreSQL"), derby.getMessage());
    }

    @Test
    void tablesOfTheSameNameItDidNotCreateAreLeftAlone() throws Exception {
        String url = "jdbc:h2:mem:theirs;DB_CLOSE_DELAY=-1";
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE organizations (id BIGINT PRIMARY KEY, name VARCHAR(100), owner VARCHAR(40))");
            s.execute("INSERT INTO organizations VALUES (1, 'Theirs', 'someone')");
        }
        IllegalStateException refused = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> run("--url", url, "--rows", "10"));
        assertTrue(refused.getMessage().contains("already has organizations, which the example did not create"),
                refused.getMessage());
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT owner FROM organizations WHERE id = 1")) {
            assertTrue(rs.next());
            assertEquals("someone", rs.getString(1), "their row is untouched");
        }
    }
}
