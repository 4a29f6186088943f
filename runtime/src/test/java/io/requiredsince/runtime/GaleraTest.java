package io.requiredsince.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.requiredsince.testkit.GaleraCluster;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real three-node MariaDB Galera cluster, started from the machine's {@code mariadbd} and galera-4
 * ({@link GaleraCluster}); under {@code CI=true} a machine without them fails the run. The migration
 * lock holds across the cluster, a dead holder's lock passes on after its lease, batches stay within
 * {@code wsrep_max_ws_rows}, and the writers' worst stall on the other nodes is reported.
 */
class GaleraTest {

    private static GaleraCluster cluster;

    @BeforeAll
    static void start() {
        if (!GaleraCluster.available()) {
            String why = "no MariaDB with galera-4 and rsync on this machine: the Galera tests cannot run";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException("CI=true but " + why);
            }
            org.junit.jupiter.api.Assumptions.abort(why);
        }
        // A small write-set limit, which the adaptive batches would exceed.
        cluster = GaleraCluster.start(3, List.of("--wsrep_max_ws_rows=5000"));
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static void run(DataSource ds, String... statements) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    private static long count(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("SET SESSION wsrep_sync_wait = 1");
            try (ResultSet rs = s.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static List<Migration> migrations(String table) {
        return List.of(
                TestMigration.of("2", table, "plan", SqlType.varchar(20), Backfill.constant("'free'"), false),
                TestMigration.of("3", table, "slug", SqlType.varchar(100), Backfill.expression("lower(name)"), false));
    }

    private static void organizations(DataSource ds, String table, int rows) throws SQLException {
        run(ds, "CREATE TABLE " + table + " (id INTEGER PRIMARY KEY, name VARCHAR(100) NOT NULL)");
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            for (int from = 1; from <= rows; from += 2_000) {
                StringBuilder insert = new StringBuilder("INSERT INTO " + table + " (id, name) VALUES ");
                for (int i = from; i < from + 2_000 && i <= rows; i++) {
                    insert.append(i > from ? "," : "").append("(").append(i).append(",'Org ").append(i).append("')");
                }
                s.execute(insert.toString());
            }
        }
    }

    @Test
    void fourMigratorsOnThreeNodesApplyEachMigrationOnceWithinTheWriteSetLimit() throws Exception {
        cluster.createDatabase("four_migrators");
        List<DataSource> nodes = List.of(cluster.dataSource(0, "four_migrators"), cluster.dataSource(1, "four_migrators"),
                cluster.dataSource(2, "four_migrators"), cluster.dataSource(0, "four_migrators"));
        organizations(nodes.get(0), "organizations", 30_000);
        run(nodes.get(0), "CREATE TABLE writes (id INTEGER AUTO_INCREMENT PRIMARY KEY, at BIGINT NOT NULL)");

        // A writer on node 2 measures how long its single-row inserts stall while the cluster migrates.
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicLong worstStall = new AtomicLong();
        CompletableFuture<Long> writer = CompletableFuture.supplyAsync(() -> {
            long inserts = 0;
            try (Connection c = nodes.get(2).getConnection(); Statement s = c.createStatement()) {
                while (writing.get()) {
                    long t0 = System.nanoTime();
                    s.execute("INSERT INTO writes (at) VALUES (" + t0 + ")");
                    worstStall.accumulateAndGet(System.nanoTime() - t0, Math::max);
                    inserts++;
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            return inserts;
        });

        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<MigrationReport>> migrators = new ArrayList<>();
        for (DataSource node : nodes) {
            migrators.add(CompletableFuture.supplyAsync(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return Migrator.configure(node).migrations(migrations("organizations")).completeImmediately(true)
                        .batchSize(1_000).lockTimeout(Duration.ofMinutes(2)).load().migrate();
            }));
        }
        go.countDown();
        int applied = 0;
        for (CompletableFuture<MigrationReport> m : migrators) {
            applied += m.get(3, TimeUnit.MINUTES).applied().size();
        }
        writing.set(false);
        long inserts = writer.get(1, TimeUnit.MINUTES);

        assertEquals(2, applied, "each migration is applied by exactly one migrator");
        for (DataSource node : nodes.subList(0, 3)) {
            assertEquals(2, count(node, "SELECT COUNT(*) FROM requiredsince_history WHERE success"));
            assertEquals(0, count(node, "SELECT COUNT(*) FROM organizations WHERE plan <> 'free' OR slug <> lower(name)"
                    + " OR plan IS NULL OR slug IS NULL"));
        }
        System.out.printf("[requiredsince Galera] 4 migrators on 3 nodes, 30,000 rows, wsrep_max_ws_rows=5000: the worst"
                + " single-row insert on node 2 took %d ms (%,d inserts meanwhile)%n",
                TimeUnit.NANOSECONDS.toMillis(worstStall.get()), inserts);
    }

    @Test
    void aKilledHolderIsReplacedAfterItsLease() throws Exception {
        cluster.createDatabase("killed_holder");
        DataSource node1 = cluster.dataSource(1, "killed_holder");
        DataSource node2 = cluster.dataSource(2, "killed_holder");
        organizations(node1, "organizations", 40_000);

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "-Drequiredsince.test.batchPause=200", CrashChild.class.getName(), cluster.jdbcUrl(1, "killed_holder"))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (count(node2, "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'killed_holder'"
                    + " AND table_name = 'requiredsince_history_lease'") == 0
                    || count(node2, "SELECT COUNT(*) FROM requiredsince_history_lease") == 0) {
                assertTrue(System.nanoTime() < deadline, "the child never took the lease");
                Thread.sleep(50);
            }
        } finally {
            child.destroyForcibly().waitFor();
        }
        long killed = System.nanoTime();
        MigrationReport report = Migrator.configure(node2).completeImmediately(true).migrations(CrashChild.MIGRATIONS)
                .lockTimeout(Duration.ofMinutes(1)).load().migrate();
        long waited = System.nanoTime() - killed;
        assertTrue(waited > TimeUnit.SECONDS.toNanos(5), "took the lease of a holder that was alive a moment ago: "
                + TimeUnit.NANOSECONDS.toMillis(waited) + " ms");
        assertTrue(report.applied().size() + report.alreadyApplied() >= CrashChild.MIGRATIONS.size(), report.toString());
        assertEquals(0, count(node1, "SELECT COUNT(*) FROM organizations WHERE plan IS NULL OR slug IS NULL OR seats IS NULL"));
        System.out.printf("[requiredsince Galera] a killed holder's lease passed on after %d ms%n",
                TimeUnit.NANOSECONDS.toMillis(waited));
    }
}
