package io.requiredsince.benchmarks;

import io.requiredsince.runtime.Backfill;
import io.requiredsince.runtime.ColumnSpec;
import io.requiredsince.runtime.Migration;
import io.requiredsince.runtime.MigrationVersion;
import io.requiredsince.runtime.Migrator;
import io.requiredsince.runtime.SqlType;
import io.requiredsince.testkit.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The benchmark of "big tables under live traffic": six scenarios, each figure a ratio to a
 * baseline measured in the same run, printed as a table and written as JSON.
 *
 * <pre>
 * mvn -q -pl benchmarks -am -Pbenchmark -DskipTests verify [-Dbenchmark.args="--rows10m --only 1,2"]
 * </pre>
 */
public final class Benchmark {

    /** One measured figure: {@code value / baseline = ratio}, and the target the ratio should meet. */
    record Figure(String scenario, String metric, double value, double baseline, String unit, String target,
                  Boolean met) {
        double ratio() {
            return baseline == 0 ? Double.NaN : value / baseline;
        }
    }

    final List<Figure> figures = new ArrayList<>();
    final List<String> notes = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        java.util.logging.Logger.getLogger("io.requiredsince").setLevel(java.util.logging.Level.WARNING);
        boolean rows10m = false;
        long peersRows = 1_000_000;
        // Scenario 8 (about 13 minutes at 1M rows) runs on request: --only 8.
        Set<String> only = Set.of("1", "2", "3", "4", "5", "6", "7");
        Path out = Path.of("target", "benchmark-results.json");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rows10m" -> rows10m = true;
                case "--only" -> only = Set.of(args[++i].split(","));
                case "--out" -> out = Path.of(args[++i]);
                case "--peers-rows" -> peersRows = Long.parseLong(args[++i]);
                default -> throw new IllegalArgumentException("Unknown argument " + args[i]
                        + ": use --rows10m, --only 1,2,3,4,5,6,7,8 (2a: scenario 2 without writers only),"
                        + " --peers-rows 200000, --out file.json");
            }
        }
        Benchmark b = new Benchmark();
        long t0 = System.nanoTime();
        if (only.contains("1") || only.contains("2") || only.contains("2a") || only.contains("5")) {
            try (EmbeddedPostgres pg = EmbeddedPostgres.start()) {
                if (only.contains("1")) {
                    new PostgresScenarios(b, pg).constantBackfill(rows10m);
                }
                if (only.contains("2") || only.contains("2a")) {
                    new PostgresScenarios(b, pg).expressionFloor();
                }
                if (only.contains("2")) {
                    new PostgresScenarios(b, pg).expressionUnderWriters();
                }
                if (only.contains("5")) {
                    new PostgresScenarios(b, pg).memoryOfJavaBackfill();
                }
            }
        }
        if (only.contains("3")) {
            new SqliteScenario(b).rebuild();
        }
        if (only.contains("4")) {
            new MariadbScenario(b).constantBackfill();
        }
        if (only.contains("6")) {
            new ReplicaScenario(b).replayLag();
        }
        if (only.contains("7")) {
            new StartupScenario(b).run();
        }
        if (only.contains("8")) {
            new PeersScenario(b, peersRows).run();
        }
        b.print(took(System.nanoTime() - t0));
        b.writeJson(out);
        System.out.println("JSON: " + out.toAbsolutePath());
    }

    private static String took(long nanos) {
        return String.format(Locale.ROOT, "%.0f s", nanos / 1e9);
    }

    void add(String scenario, String metric, double value, double baseline, String unit, String target, Boolean met) {
        Figure f = new Figure(scenario, metric, value, baseline, unit, target, met);
        figures.add(f);
        System.err.printf(Locale.ROOT, "  %s | %s: %.3f / %.3f %s = %.3f%n", scenario, metric, value, baseline, unit,
                f.ratio());
    }

    static void log(String what) {
        System.err.println("[benchmark] " + what);
    }

    void print(String took) {
        System.out.println();
        System.out.printf(Locale.ROOT, "%-34s %-52s %12s %12s %9s  %-16s %s%n", "scenario", "figure", "value",
                "baseline", "ratio", "target", "met");
        for (Figure f : figures) {
            System.out.printf(Locale.ROOT, "%-34s %-52s %12s %12s %9.3f  %-16s %s%n", f.scenario, f.metric,
                    num(f.value) + " " + f.unit, num(f.baseline) + " " + f.unit, f.ratio(),
                    f.target == null ? "" : f.target, f.met == null ? "" : f.met ? "yes" : "NO");
        }
        for (String n : notes) {
            System.out.println("note: " + n);
        }
        System.out.println("machine: " + Runtime.getRuntime().availableProcessors() + " cores, "
                + System.getProperty("os.name") + " " + System.getProperty("os.arch") + ", Java "
                + Runtime.version() + "; total " + took);
    }

    private static String num(double v) {
        return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2f", v);
    }

    void writeJson(Path out) throws IOException {
        StringBuilder j = new StringBuilder("{\n  \"machine\": {\"cores\": ").append(Runtime.getRuntime()
                .availableProcessors()).append(", \"os\": \"").append(System.getProperty("os.name")).append(' ')
                .append(System.getProperty("os.arch")).append("\", \"java\": \"").append(Runtime.version())
                .append("\"},\n  \"figures\": [\n");
        for (int i = 0; i < figures.size(); i++) {
            Figure f = figures.get(i);
            j.append(String.format(Locale.ROOT, "    {\"scenario\": \"%s\", \"figure\": \"%s\", \"value\": %.4f,"
                    + " \"baseline\": %.4f, \"unit\": \"%s\", \"ratio\": %.4f, \"target\": %s, \"met\": %s}%s%n",
                    esc(f.scenario), esc(f.metric), f.value, f.baseline, f.unit, f.ratio(),
                    f.target == null ? "null" : "\"" + esc(f.target) + "\"", f.met, i + 1 < figures.size() ? "," : ""));
        }
        j.append("  ],\n  \"notes\": [");
        for (int i = 0; i < notes.size(); i++) {
            j.append(i == 0 ? "\n    " : ",\n    ").append('"').append(esc(notes.get(i))).append('"');
        }
        j.append(notes.isEmpty() ? "]\n}\n" : "\n  ]\n}\n");
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, j);
    }

    private static String esc(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    // ---- helpers shared by the scenarios ----

    static Migration migration(String table, String column, SqlType type, Backfill backfill) {
        return migration("1", table, column, type, backfill);
    }

    static Migration migration(String version, String table, String column, SqlType type, Backfill backfill) {
        ColumnSpec spec = ColumnSpec.builder().table(table).column(column).type(type).backfill(backfill)
                .keepDefault(false).build();
        return new Migration() {
            @Override
            public MigrationVersion version() {
                return MigrationVersion.parse(version);
            }

            @Override
            public ColumnSpec column() {
                return spec;
            }
        };
    }

    static Migrator.Builder migrator(DataSource ds, Migration m) {
        // The whole road, as one instance runs it: what the other tools are measured against.
        return Migrator.configure(ds).completeImmediately(true).migrations(List.of(m)).historyTable("bench_history");
    }

    /**
     * The MariaDB server of {@code REQUIREDSINCE_BENCH_MARIADB_URL}, else of
     * {@code REQUIREDSINCE_TEST_MARIADB_URL} (e.g. {@code jdbc:mariadb://127.0.0.1:3306/?user=root}); null without one.
     */
    static String mariadbUrl() {
        String url = System.getenv("REQUIREDSINCE_BENCH_MARIADB_URL");
        if (url == null || url.isBlank()) {
            url = System.getenv("REQUIREDSINCE_TEST_MARIADB_URL");
        }
        return url == null || url.isBlank() ? null : url;
    }

    /** The server's {@code url} with {@code database} in it. */
    static String mariadbDatabase(String url, String database) {
        return url.replaceFirst("(jdbc:mariadb://[^/?]+)/?[^?]*", "$1/" + database);
    }

    static void exec(DataSource ds, String... sql) {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage() + " in " + String.join("; ", sql), e);
        }
    }

    static long count(DataSource ds, String sql) {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Seconds taken by {@code r}. */
    static double seconds(ThrowingRunnable r) {
        long t0 = System.nanoTime();
        try {
            r.run();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }
}
