package io.requiredsince.benchmarks;

import io.requiredsince.runtime.Backfill;
import io.requiredsince.runtime.Migration;
import io.requiredsince.runtime.MigrationReport;
import io.requiredsince.runtime.Migrator;
import io.requiredsince.runtime.SqlType;
import io.requiredsince.testkit.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Scenario 7: what a {@code migrate()} with nothing to do adds to an application's start. Each
 * measurement is a fresh JVM, cold as a start-up is, timed from its launch to its exit; the two
 * kinds alternate and each figure is the median. (a) opens a connection of the DataSource and reads
 * one row of the history table with plain JDBC; (b) runs {@code Migrator...load().migrate()} over
 * the same DataSource, every migration of the history complete. With Spring Boot (the starter and a
 * minimal application, {@code benchmarks/src/test/java}), a start with the starter against the same
 * start with {@code requiredsince.enabled=false}; both then read one row through the pool, as the
 * application's first query (Hibernate's) would.
 *
 * <p>PostgreSQL is the server of {@code REQUIREDSINCE_TEST_POSTGRES_URL}, else an embedded one.
 */
final class StartupScenario {

    private static final String SCENARIO = "7. start-up, no-op migrate(), PostgreSQL";
    private static final int RUNS = 7;
    private static final double BUDGET_MS = 100;
    static final String TABLE = "startup_orgs";
    static final String HISTORY = "startup_history";
    private static final String BOOT_TABLE = "startup_boot_orgs";
    private static final String BOOT_HISTORY = "startup_boot_history";
    private static final String BOOT_APP = "io.requiredsince.benchmarks.StartupBootApp";
    /** Written by the benchmark profile: the test class path, where the Boot application and Spring are. */
    private static final Path BOOT_CLASSPATH = Paths.get("target", "boot-classpath.txt");

    private final Benchmark b;

    StartupScenario(Benchmark b) {
        this.b = b;
    }

    /** Three migrations of one table, as an application of a few releases has. */
    static List<Migration> migrations(String table) {
        return List.of(
                Benchmark.migration("1", table, "plan", SqlType.varchar(20), Backfill.constant("'free'")),
                Benchmark.migration("2", table, "slug", SqlType.varchar(100), Backfill.expression("lower(name)")),
                Benchmark.migration("3", table, "seats", SqlType.integer(), Backfill.constant("5")));
    }

    void run() throws Exception {
        String server = System.getenv("REQUIREDSINCE_TEST_POSTGRES_URL");
        if (server != null && !server.isBlank()) {
            measure(server, "PostgreSQL of REQUIREDSINCE_TEST_POSTGRES_URL");
        } else {
            try (EmbeddedPostgres pg = EmbeddedPostgres.start()) {
                pg.createDatabase("startup");
                measure(pg.jdbcUrl("startup"), "embedded PostgreSQL");
            }
        }
    }

    private void measure(String url, String where) throws Exception {
        DataSource ds = dataSource(url);
        for (String[] t : new String[][] {{TABLE, HISTORY}, {BOOT_TABLE, BOOT_HISTORY}}) {
            Benchmark.exec(ds, "drop table if exists " + t[0], "drop table if exists " + t[1],
                    "create table " + t[0] + " (id bigserial primary key, name text not null)",
                    "insert into " + t[0] + " (name) select 'Org ' || g from generate_series(1, 1000) g");
        }
        Migrator.configure(ds).completeImmediately(true).migrations(migrations(TABLE)).historyTable(HISTORY).load()
                .migrate();
        String version = Benchmark.count(ds, "select current_setting('server_version_num')::int") + "";
        Benchmark.log("7. fresh JVMs, " + RUNS + " of each, alternating, on " + where + " " + version);
        String cp = System.getProperty("java.class.path");
        List<String> jdbc = java(cp, Child.class.getName(), "jdbc", url);
        List<String> migrate = java(cp, Child.class.getName(), "migrate", url);
        run(migrate); // warms the OS's file cache and the server, for both
        Runs plain = alternate(jdbc, migrate);
        double a = median(plain.wall[0]);
        double m = median(plain.wall[1]);
        b.add(SCENARIO, "fresh JVM: no-op migrate() / plain JDBC read of the history", m, a, "ms", "report", null);
        b.add(SCENARIO, "no-op migrate() added to a fresh JVM's start / 100 ms budget", m - a, BUDGET_MS, "ms", "<= 1",
                m - a <= BUDGET_MS);
        double cpu = median(plain.cpu[1]) - median(plain.cpu[0]);
        b.add(SCENARIO, "the same in CPU time (all the JVM's threads) / 100 ms budget", cpu, BUDGET_MS, "ms", "report",
                null);
        b.notes.add(String.format(Locale.ROOT, "scenario 7: classes loaded by the fresh JVM, plain JDBC read %s,"
                + " no-op migrate() %s; wall runs (ms) plain %s, migrate() %s; CPU runs (ms) plain %s, migrate() %s",
                firstLine(run(withArg(jdbc, "count"))), firstLine(run(withArg(migrate, "count"))),
                Arrays.toString(round(plain.wall[0])), Arrays.toString(round(plain.wall[1])),
                Arrays.toString(round(plain.cpu[0])), Arrays.toString(round(plain.cpu[1]))));

        if (!Files.exists(BOOT_CLASSPATH)) {
            b.notes.add("scenario 7: the Spring Boot figure was not measured: " + BOOT_CLASSPATH
                    + " is missing (the benchmark profile writes it)");
            return;
        }
        String bootCp = "target/test-classes" + File.pathSeparator + "target/classes" + File.pathSeparator
                + Files.readString(BOOT_CLASSPATH).strip();
        List<String> boot = java(bootCp, BOOT_APP, "--spring.datasource.url=" + url,
                "--requiredsince.history-table=" + BOOT_HISTORY, "--spring.main.banner-mode=off",
                "--logging.level.root=WARN",
                // The pool opens its one connection when first asked, by the starter or by the first query, and
                // no more: a pool that filled itself in the background would count against whichever starts it first.
                "--spring.datasource.hikari.minimum-idle=1");
        run(withArg(boot, "--requiredsince.complete-immediately=true")); // applies the migrations, once
        List<String> on = withArg(boot, "--requiredsince.enabled=true");
        List<String> off = withArg(boot, "--requiredsince.enabled=false");
        Runs spring = alternate(off, on);
        double offMs = median(spring.wall[0]);
        double onMs = median(spring.wall[1]);
        b.add(SCENARIO, "Spring Boot start, starter with nothing to do / enabled=false", onMs, offMs, "ms", "report",
                null);
        b.add(SCENARIO, "starter's no-op added to a Spring Boot start / 100 ms budget", onMs - offMs, BUDGET_MS, "ms",
                "<= 1", onMs - offMs <= BUDGET_MS);
        double bootCpu = median(spring.cpu[1]) - median(spring.cpu[0]);
        b.add(SCENARIO, "the same in CPU time (all the JVM's threads) / 100 ms budget", bootCpu, BUDGET_MS, "ms",
                "report", null);
        b.notes.add(String.format(Locale.ROOT, "scenario 7: Spring Boot wall runs (ms) enabled=false %s, with the"
                + " starter %s; CPU runs (ms) %s, %s", Arrays.toString(round(spring.wall[0])),
                Arrays.toString(round(spring.wall[1])), Arrays.toString(round(spring.cpu[0])),
                Arrays.toString(round(spring.cpu[1]))));
    }

    private static DataSource dataSource(String url) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(url);
        return ds;
    }

    private static List<String> java(String classpath, String main, String... args) {
        List<String> command = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", classpath, main));
        command.addAll(List.of(args));
        return command;
    }

    private static List<String> withArg(List<String> command, String arg) {
        List<String> c = new ArrayList<>(command);
        c.add(arg);
        return c;
    }

    /** Milliseconds of each run, {@code [0]} of a, {@code [1]} of b: from launch to exit, and of CPU. */
    private record Runs(double[][] wall, double[][] cpu) {
    }

    // a and b taking turns, RUNS of each.
    private static Runs alternate(List<String> a, List<String> b) {
        Runs runs = new Runs(new double[2][RUNS], new double[2][RUNS]);
        for (int i = 0; i < RUNS; i++) {
            for (int k = 0; k < 2; k++) {
                long t0 = System.nanoTime();
                String out = run(k == 0 ? a : b);
                runs.wall[k][i] = (System.nanoTime() - t0) / 1e6;
                runs.cpu[k][i] = cpuMillis(out);
            }
        }
        return runs;
    }

    /** The CPU time a measured JVM printed as its last line ({@link #printCpu()}). */
    private static double cpuMillis(String out) {
        String[] lines = out.strip().split("\\R");
        String last = lines[lines.length - 1];
        if (!last.startsWith("cpu ")) {
            throw new IllegalStateException("no CPU time in: " + out);
        }
        return Double.parseDouble(last.substring(4));
    }

    private static String firstLine(String out) {
        return out.strip().split("\\R")[0];
    }

    /** Prints the CPU time of this JVM so far, every thread of it: the measured JVMs' last line. */
    static void printCpu() {
        System.out.println("cpu " + ProcessHandle.current().info().totalCpuDuration().map(d -> d.toNanos() / 1e6)
                .orElse(Double.NaN));
    }

    /** Runs {@code command} to its end; returns its standard output. */
    private static String run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IllegalStateException("exit " + p.exitValue() + " of " + command.get(command.size() - 1)
                        + ": " + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static long[] round(double[] values) {
        return Arrays.stream(values).mapToLong(Math::round).toArray();
    }

    /**
     * The measured JVM: {@code jdbc URL} reads one row of the history with plain JDBC, {@code migrate URL}
     * runs a {@code migrate()} that has nothing to do; a third argument {@code count} prints how many
     * classes the JVM loaded.
     */
    static final class Child {
        public static void main(String[] args) throws Exception {
            DataSource ds = dataSource(args[1]);
            if (args[0].equals("jdbc")) {
                try (Connection c = ds.getConnection(); Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("select * from " + HISTORY + " order by installed_rank")) {
                    rs.next();
                }
            } else {
                MigrationReport report = Migrator.configure(ds).migrations(migrations(TABLE)).historyTable(HISTORY)
                        .load().migrate();
                if (!report.applied().isEmpty() || report.alreadyApplied() != 3) {
                    throw new IllegalStateException("expected nothing to do: " + report);
                }
            }
            if (args.length > 2 && args[2].equals("count")) {
                System.out.println(java.lang.management.ManagementFactory.getClassLoadingMXBean().getLoadedClassCount());
            }
            printCpu();
        }
    }
}
