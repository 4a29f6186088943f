package io.requiredsince.flyway;

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
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A process killed while requiredsince's step runs inside Flyway: the next Flyway migrate() resumes
 * the step where it stopped and runs the SQL migration after it, with no {@code flyway repair}.
 */
class FlywayKillTest {

    static Stream<FreshDatabase.Engine> engines() {
        return FreshDatabase.engines().stream().filter(e -> e != FreshDatabase.Engine.H2);
    }

    /** The application as a process of its own: Flyway with requiredsince, slow batches. */
    public static void main(String[] args) {
        RequiredSinceFlyway.configure(Flyway.configure().dataSource(args[0], null, null).locations("classpath:db/migration"),
                b -> b.batchSize(200).batchDuration(Duration.ZERO).batchPause(Duration.ofMillis(20))).load().migrate();
    }

    @ParameterizedTest
    @MethodSource("engines")
    void aKillInsideTheStepIsResumedByTheNextMigrate(FreshDatabase.Engine engine) throws Exception {
        try (FreshDatabase db = FreshDatabase.create(engine)) {
            Flyway.configure().dataSource(db.url, null, null).locations("classpath:db/migration").target("1.1").load().migrate();
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                c.setAutoCommit(false);
                for (int i = 100; i < 20_100; i++) {
                    s.addBatch("insert into owners (id, name) values (" + i + ", 'Owner " + i + "')");
                }
                s.executeBatch();
                c.commit();
            }
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    "-Dorg.sqlite.tmpdir=" + System.getProperty("org.sqlite.tmpdir", System.getProperty("java.io.tmpdir")),
                    FlywayKillTest.class.getName(), db.url)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            long filled = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (filled < 2_000 && System.nanoTime() < deadline && child.isAlive()) {
                Thread.sleep(20);
                filled = filledSoFar(db);
            }
            assertTrue(child.isAlive(), "the step ended before it could be killed: " + filled + " rows filled");
            child.destroyForcibly().waitFor();
            assertTrue(filled >= 2_000 && filled < 20_003, "killed after " + filled + " rows");

            Flyway flyway = RequiredSinceFlyway.configure(Flyway.configure().dataSource(db.url, null, null)
                    .locations("classpath:db/migration")).load();
            assertEquals(2, flyway.migrate().migrationsExecuted);
            assertEquals(List.of("1", "1.1", "2", "3"), Arrays.stream(flyway.info().applied())
                    .filter(i -> i.getState().isApplied() && !i.getState().isFailed()).map(i -> i.getVersion().toString()).toList());
            assertEquals(0, count(db, "select count(*) from owners where handle is null or handle <> lower(name)"));
            assertEquals(2, Migrator.create(flyway.getConfiguration().getDataSource()).info().size());
        }
    }

    // The rows the killed step had filled, 0 while its column does not exist yet.
    private static long filledSoFar(FreshDatabase db) {
        try {
            return count(db, "select count(*) from owners where handle is not null");
        } catch (SQLException notYet) {
            return 0;
        }
    }

    private static long count(FreshDatabase db, String sql) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
