package io.requiredsince.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fault group 1: a child JVM applying three migrations to a big table is SIGKILLed 20 times in a
 * row: half at moments spread over a whole run (the middle of the backfill gets hit), half as a
 * step chosen from {@code plan()} starts; the test asserts at least three different steps were hit; after each kill a fresh run completes, the table equals the reference
 * run's row for row, and no lock is left held (the fresh run gets the lock within a short timeout).
 * Between rounds {@code undo("1")} puts the table back to its state before the migrations.
 *
 * <p>Rows: 200,000 on PostgreSQL and SQLite. MariaDB gets 50,000: its backfill UPDATE and INPLACE
 * rebuild of 200,000 InnoDB rows take seconds each, and 21 rounds of that would alone take several
 * minutes of the suite's budget. H2 (a TCP server in the test's JVM, so that the child and the fresh
 * run share it) gets 20,000: H2 copies the whole table for each ALTER TABLE, which made a round with 200,000 rows
 * take over 30 s. The kill points are spread over a whole run the same way on every engine.
 */
class CrashTest {

    static final int KILLS = 20;

    record CrashEngine(String name, Supplier<String> url, int rows) {
        @Override
        public String toString() {
            return name + ", " + rows + " rows";
        }
    }

    static List<CrashEngine> engines() {
        List<CrashEngine> all = new ArrayList<>();
        Supplier<TestDatabase> pg = TestDatabase.engines().stream()
                .filter(e -> e.engine() == TestEngine.POSTGRES_SERVER).findFirst()
                .orElseGet(() -> TestDatabase.engines().stream()
                        .filter(e -> e.engine() == TestEngine.POSTGRES_17).findFirst().orElseThrow());
        all.add(new CrashEngine(pg.toString(), () -> {
            org.postgresql.ds.PGSimpleDataSource ds = (org.postgresql.ds.PGSimpleDataSource) pg.get().dataSource;
            String url = ds.getUrl();
            return ds.getUser() == null || url.contains("user=") ? url
                    : url + (url.contains("?") ? "&" : "?") + "user=" + ds.getUser();
        }, 200_000));
        all.add(new CrashEngine("MariaDB", () -> TestDatabase.databaseUrl("mariadb",
                TestDatabase.createMariadbDatabase()), 50_000));
        all.add(new CrashEngine("SQLite", () -> "jdbc:sqlite:" + tempFile("requiredsince-crash-", ".db"), 200_000));
        // H2 as a server in this JVM: the migrator in the child is killed, the database is not. (An embedded
        // H2 file killed with its process can be left corrupted by H2 itself: "File corrupted while reading
        // record", a failure of H2's storage, not of the migration.)
        all.add(new CrashEngine("H2 (TCP server)", () -> TestDatabase.h2ServerUrl(TestDatabase.uniqueName()),
                20_000));
        // -Drequiredsince.test.crashEngine=H2 runs one engine while working on it.
        String only = System.getProperty("requiredsince.test.crashEngine");
        return only == null ? all : all.stream().filter(e -> e.name().startsWith(only)).toList();
    }

    private static String tempFile(String prefix, String suffix) {
        return TempDirectories.create(prefix).resolve("db" + suffix).toString();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void killedTwentyTimesAtRandomThenAFreshRunEqualsTheReference(CrashEngine engine) throws Exception {
        String url = engine.url().get();
        DataSource ds = CrashChild.dataSource(url);
        seed(ds, url, engine.rows());

        assertEquals(0, runChild(url, -1), "the reference run completes");
        long full = lastRunNanos; // from START to the end: the migration itself, not the JVM's start
        String reference = digest(ds);
        long seed = System.nanoTime();
        Random random = new Random(seed);
        int killedMidRun = 0;
        java.util.Set<String> stepsHit = new java.util.TreeSet<>();
        int rollingKills = 0;
        for (int round = 0; round < KILLS; round++) {
            // Rounds 0, 1, 4, 5, …: a rolling deploy's expand then complete; the others in one migrate().
            boolean rolling = round % 4 < 2;
            Migrator migrator = CrashChild.migrator(ds, rolling);
            assertEquals(3, migrator.undo("1").size());
            // Even rounds: kill points spread evenly over a whole run, jittered, so long steps (the
            // backfill) are hit in their middle. Odd rounds: kill as a chosen step starts (watching the
            // history's step_reached), so short steps get their turn too.
            long delay = (long) (full * (round + random.nextDouble()) / KILLS);
            List<PlannedStatement> steps = migrator.plan();
            String target = round % 2 == 1 && !steps.isEmpty()
                    ? target(steps.get((round / 2) % steps.size())) : null;
            long t0 = System.nanoTime();
            int exit = target == null ? runChild(url, TimeUnit.NANOSECONDS.toMillis(delay), rolling)
                    : runChild(url, ds, target, random.nextInt(20), rolling);
            if (exit != 0) {
                killedMidRun++;
                rollingKills += rolling ? 1 : 0;
            }
            long t1 = System.nanoTime();
            String reached = stepsReached(ds, url);
            if (exit != 0 && !reached.isEmpty()) {
                stepsHit.add(reached);
            }
            Migrator again = Migrator.configure(ds).completeImmediately(!rolling).migrations(CrashChild.MIGRATIONS)
                    .lockTimeout(Duration.ofSeconds(10)).load();
            MigrationReport fresh = again.migrate();
            assertEquals(3, fresh.applied().size() + fresh.alreadyApplied());
            if (rolling) {
                again.complete();
                assertEquals(0, RollingDeployTest.fillObjects(TestDatabase.of(engine.name(), ds)),
                        "round " + round + ": no fill is left after complete");
            }
            System.err.printf("[crash] %s round %d: killed %d ms after START (%s%s), child %d ms, fresh run %d ms%n",
                    engine, round, delay / 1_000_000, exit == 0 ? "had finished" : "mid-run",
                    reached.isEmpty() ? "" : ", in " + reached,
                    (t1 - t0) / 1_000_000, (System.nanoTime() - t1) / 1_000_000);
            assertEquals(reference, digest(ds), "round " + round + " (kill after " + delay / 1_000_000
                    + " ms, seed " + seed + "): the table differs from the reference run");
        }
        assertTrue(killedMidRun >= KILLS / 2, "most kills must land inside a run: " + killedMidRun);
        assertTrue(rollingKills >= 3, "kills land inside rolling runs too: " + rollingKills);
        System.err.println("[crash] " + engine + ": killed inside " + stepsHit);
        assertTrue(stepsHit.size() >= 3, "the kills must land in several steps, not one: " + stepsHit);
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM requiredsince_history WHERE success = "
                    + (url.startsWith("jdbc:sqlite") ? "1" : "TRUE") + " AND type = 'REQUIRED_COLUMN'")) {
                rs.next();
                assertEquals(3, rs.getInt(1), "one current history row per migration");
            }
            if (url.startsWith("jdbc:postgresql")) {
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory'"
                        + " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())")) {
                    rs.next();
                    assertEquals(0, rs.getInt(1), "no advisory lock left");
                }
            }
        }
    }

    /**
     * The migration and step a killed run was in, from the history's unfinished row: one that did
     * not succeed, or an expanded one whose complete began ("" when none).
     */
    private static String stepsReached(DataSource ds, String url) throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT script, step_reached, success FROM requiredsince_history"
                     + " WHERE type = 'REQUIRED_COLUMN'")) {
            while (rs.next()) {
                String step = rs.getString(2);
                if (!rs.getBoolean(3) || step != null && step.startsWith("complete: ")) {
                    return rs.getString(1) + " at '" + step + "'";
                }
            }
            return "";
        }
    }

    private static void seed(DataSource ds, String url, int rows) throws Exception {
        String insert;
        if (url.startsWith("jdbc:postgresql")) {
            insert = "INSERT INTO organizations (id, name) SELECT g, 'Org ' || g FROM generate_series(1, " + rows + ") g";
        } else if (url.startsWith("jdbc:mariadb")) {
            insert = "INSERT INTO organizations (id, name) SELECT seq, CONCAT('Org ', seq) FROM seq_1_to_" + rows;
        } else if (url.startsWith("jdbc:sqlite")) {
            insert = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < " + rows + ")"
                    + " INSERT INTO organizations (id, name) SELECT x, 'Org ' || x FROM c";
        } else {
            insert = "INSERT INTO organizations (id, name) SELECT X, CONCAT('Org ', X) FROM SYSTEM_RANGE(1, " + rows + ")";
        }
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE organizations (id INTEGER PRIMARY KEY, name VARCHAR(100) NOT NULL)");
            s.execute(insert);
        }
    }

    private static long lastRunNanos;

    private static String target(PlannedStatement step) {
        return step.script() + " at '" + (step.completePhase() ? "complete: " : "") + step.step() + "'";
    }

    /** Runs {@link CrashChild} and kills it {@code extraMillis} after the history shows it started {@code target}. */
    private static int runChild(String url, DataSource watch, String target, int extraMillis, boolean rolling)
            throws Exception {
        return runChild(url, -2, rolling, child -> {
            long until = System.currentTimeMillis() + 60_000;
            while (child.isAlive() && System.currentTimeMillis() < until) {
                try {
                    if (stepsReached(watch, url).equals(target)) {
                        Thread.sleep(extraMillis);
                        return true;
                    }
                } catch (java.sql.SQLException busy) {
                    // SQLite: the child holds the write lock for a moment; look again
                }
                Thread.sleep(2);
            }
            return false;
        });
    }

    interface KillWhen {
        boolean await(Process child) throws Exception;
    }

    private static int runChild(String url, long killAfterMillis) throws Exception {
        return runChild(url, killAfterMillis, false);
    }

    private static int runChild(String url, long killAfterMillis, boolean rolling) throws Exception {
        return runChild(url, killAfterMillis, rolling, null);
    }

    /** Runs {@link CrashChild}; kills it {@code killAfterMillis} after it printed START (never when negative). */
    private static int runChild(String url, long killAfterMillis, boolean rolling, KillWhen when) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "-Dorg.jooq.no-logo=true", "-Dorg.jooq.no-tips=true", "-Dorg.sqlite.tmpdir="
                        + System.getProperty("org.sqlite.tmpdir", System.getProperty("java.io.tmpdir")),
                CrashChild.class.getName(), url,
                rolling ? "rolling" : "whole")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.PIPE).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder log = new StringBuilder();
        Thread reader = new Thread(() -> {
            try {
                for (String line; (line = out.readLine()) != null; ) {
                    synchronized (log) {
                        log.append(line).append('\n');
                        log.notifyAll();
                    }
                }
            } catch (java.io.IOException ignored) {
                // the pipe closes when the child is killed
            }
        });
        reader.setDaemon(true);
        reader.start();
        synchronized (log) {
            long until = System.currentTimeMillis() + 60_000;
            while (log.indexOf("START") < 0 && p.isAlive() && System.currentTimeMillis() < until) {
                log.wait(20);
            }
        }
        long started = System.nanoTime();
        if (when != null) {
            if (when.await(p)) {
                p.destroyForcibly();
            }
        } else if (killAfterMillis >= 0) {
            Thread.sleep(killAfterMillis);
            p.destroyForcibly(); // SIGKILL: no shutdown hook, no finally block runs in the child
        }
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child did not end");
        lastRunNanos = System.nanoTime() - started;
        reader.join(5000);
        int exit = p.exitValue();
        if (killAfterMillis == -1 && exit != 0) {
            throw new AssertionError("child failed:\n" + log);
        }
        if (exit != 0 && exit != 137 && killAfterMillis != -1 && log.indexOf("Exception") >= 0) {
            throw new AssertionError("child failed before it was killed:\n" + log);
        }
        return exit;
    }

    /** SHA-256 over every row in key order, and the columns' nullability and defaults. */
    private static String digest(DataSource ds) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, name, plan, slug, seats FROM organizations ORDER BY id")) {
            while (rs.next()) {
                String row = rs.getLong(1) + "|" + rs.getString(2) + "|" + rs.getString(3) + "|" + rs.getString(4)
                        + "|" + rs.getString(5) + "\n";
                sha.update(row.getBytes(StandardCharsets.UTF_8));
            }
            try (ResultSet cols = c.getMetaData().getColumns(c.getCatalog(), null, null, null)) {
                List<String> facts = new ArrayList<>();
                while (cols.next()) {
                    if (cols.getString("TABLE_NAME").equalsIgnoreCase("organizations")) {
                        String def = cols.getString("COLUMN_DEF");
                        facts.add(cols.getString("COLUMN_NAME").toLowerCase() + ":" + cols.getInt("NULLABLE") + ":"
                                + (def == null || def.equalsIgnoreCase("null") ? "-" : "default"));
                    }
                }
                facts.sort(null);
                sha.update(String.join(",", facts).getBytes(StandardCharsets.UTF_8));
                assertFalse(facts.isEmpty());
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
