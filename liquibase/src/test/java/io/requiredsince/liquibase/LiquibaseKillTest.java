package io.requiredsince.liquibase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.requiredsince.runtime.Migrator;
import io.requiredsince.testkit.FreshDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A process killed while requiredsince's change runs inside Liquibase: Liquibase's own changelog
 * lock stays taken, as after any killed update; once it is released (Liquibase's
 * {@code release-locks}), the next update resumes the change where it stopped and runs the
 * changeset after it.
 */
class LiquibaseKillTest {

    static Stream<FreshDatabase.Engine> engines() {
        return FreshDatabase.engines().stream().filter(e -> e != FreshDatabase.Engine.H2);
    }

    /** The application as a process of its own: Liquibase with requiredsince, slow batches. */
    public static void main(String[] args) throws Exception {
        new Changelog(args[0], "db/changelog.xml").in(RequiredSinceLiquibase.scope(null,
                b -> b.batchSize(200).batchDuration(Duration.ZERO).batchPause(Duration.ofMillis(20)))).update();
    }

    @ParameterizedTest
    @MethodSource("engines")
    void aKillInsideTheChangeIsResumedByTheNextUpdate(FreshDatabase.Engine engine) throws Exception {
        try (FreshDatabase db = FreshDatabase.create(engine)) {
            Changelog changelog = Changelog.beforeRequiredSince(db);
            LiquibaseTest.insertOwners(db, 20_000);
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    "-Dorg.sqlite.tmpdir=" + System.getProperty("org.sqlite.tmpdir", System.getProperty("java.io.tmpdir")),
                    "-Dliquibase.analytics.enabled=false", LiquibaseKillTest.class.getName(), db.url)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            long filled = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (filled < 2_000 && System.nanoTime() < deadline && child.isAlive()) {
                Thread.sleep(20);
                filled = filledSoFar(db);
            }
            assertTrue(child.isAlive(), "the change ended before it could be killed: " + filled + " rows filled");
            child.destroyForcibly().waitFor();
            assertTrue(filled >= 2_000 && filled < 20_003, "killed after " + filled + " rows");
            assertEquals(List.of("1 EXECUTED", "1.1 EXECUTED"), changelog.ran());
            assertTrue(changelogLocked(db), "Liquibase's lock, taken by the killed process");

            changelog.releaseLocks();
            changelog.update();
            assertEquals(List.of("1 EXECUTED", "1.1 EXECUTED", "2 EXECUTED", "3 EXECUTED"), changelog.ran());
            assertEquals(0, count(db, "select count(*) from owners where handle is null or handle <> lower(name)"));
            assertEquals(2, Migrator.configure(db.url, null, null, getClass().getClassLoader()).load().info().size());
        }
    }

    // The rows the killed change had filled, 0 while its column does not exist yet.
    private static long filledSoFar(FreshDatabase db) {
        try {
            return count(db, "select count(*) from owners where handle is not null");
        } catch (SQLException notYet) {
            return 0;
        }
    }

    private static boolean changelogLocked(FreshDatabase db) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select locked from DATABASECHANGELOGLOCK where id = 1")) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    private static long count(FreshDatabase db, String sql) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
