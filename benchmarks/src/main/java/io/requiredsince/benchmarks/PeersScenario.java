package io.requiredsince.benchmarks;

import io.requiredsince.benchmarks.PeerTools.Engine;
import io.requiredsince.runtime.Backfill;
import io.requiredsince.runtime.Migration;
import io.requiredsince.runtime.Migrator;
import io.requiredsince.runtime.SqlType;
import io.requiredsince.testkit.EmbeddedPostgres;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Scenario 8: against what users would pick instead. The same required column added by
 * requiredsince, by Liquibase's documented recipe and by a Flyway SQL migration, each on a fresh
 * table of the same size, the tools' runs interleaved, on the embedded PostgreSQL and on the MariaDB
 * server of {@code REQUIREDSINCE_BENCH_MARIADB_URL} / {@code REQUIREDSINCE_TEST_MARIADB_URL}:
 * a constant ({@code plan = 'free'}, no writers) and an expression ({@code slug = lower(name)})
 * under writers of the old application, which insert without the new column during the change and
 * for a while after it, until the deploy rolls over.
 */
final class PeersScenario {

    private static final int WRITERS = 4;
    private static final double STALL_BUDGET_MS = 150;
    private static final int CONSTANT_ROUNDS = 5;
    private static final int EXPRESSION_ROUNDS = 3;
    /** How long the old application keeps inserting after the migration tool returned. */
    private static final long OLD_APP_AFTER_MS = 1_000;
    private static final String TABLE = "organizations";

    enum Tool {
        OURS("ours"), LIQUIBASE("Liquibase"), FLYWAY("Flyway"), FLYWAY_FAST("Flyway fast default");

        final String label;

        Tool(String label) {
            this.label = label;
        }
    }

    private final Benchmark b;
    private final long rows;

    PeersScenario(Benchmark b, long rows) {
        this.b = b;
        this.rows = rows;
        PeerTools.quietLogs();
    }

    void run() throws Exception {
        note("scenario 8: Liquibase " + liquibase.util.LiquibaseUtil.getBuildVersion() + ", Flyway "
                + PeersServers.version("org.flywaydb", "flyway-core") + "; " + WRITERS + " writer threads (single-row"
                + " inserts and updates, 5 ms apart); the old application inserts without the column until "
                + OLD_APP_AFTER_MS + " ms after the tool returned, then the new one (with it); requiredsince runs"
                + " migrate() under the old application and complete() after the roll-over; each tool's own history"
                + " table exists before its timed call, as a project that used the tool before has it");
        try (EmbeddedPostgres pg = EmbeddedPostgres.start()) {
            measure(new PeersServers.Postgres(pg));
        }
        String url = Benchmark.mariadbUrl();
        if (url == null) {
            note("scenario 8 on MariaDB not run: set REQUIREDSINCE_BENCH_MARIADB_URL=jdbc:mariadb://host:3306/?user=root");
            return;
        }
        try (PeersServers.Mariadb mariadb = new PeersServers.Mariadb(url)) {
            measure(mariadb);
        }
    }

    private void measure(PeersServers.Server server) throws Exception {
        note("scenario 8, " + server.label() + ": " + server.version());
        constant(server);
        expression(server);
    }

    private void note(String note) {
        b.notes.add(note);
        Benchmark.log(note);
    }

    private String size() {
        return rows % 1_000_000 == 0 ? rows / 1_000_000 + "M" : rows % 1_000 == 0 ? rows / 1_000 + "k" : "" + rows;
    }

    private static Migration migration(String column, SqlType type, Backfill backfill) {
        return Benchmark.migration(TABLE, column, type, backfill);
    }

    // ---- constant: catalog-only for ours and the hand-written fast default, a rewrite for the others ----

    private static final List<Tool> CONSTANT_TOOLS = List.of(Tool.OURS, Tool.LIQUIBASE, Tool.FLYWAY, Tool.FLYWAY_FAST);

    private void constant(PeersServers.Server server) throws Exception {
        String s = "8. " + server.label() + " constant, " + size() + " rows";
        Benchmark.log(s + ": warm-up of every tool on 10,000 rows");
        for (Tool t : CONSTANT_TOOLS) {
            DataSource ds = server.fresh(10_000);
            before(t, ds);
            addConstant(server.engine(), t, ds);
            server.drop(ds);
        }
        Map<Tool, List<Double>> times = new EnumMap<>(Tool.class);
        for (int r = 0; r < CONSTANT_ROUNDS; r++) {
            for (int i = 0; i < CONSTANT_TOOLS.size(); i++) {
                // The order turns every round, so no tool always runs right after a table was filled.
                Tool t = CONSTANT_TOOLS.get((i + r) % CONSTANT_TOOLS.size());
                Benchmark.log(s + ", round " + (r + 1) + ": " + t.label);
                DataSource ds = null;
                try {
                    ds = server.fresh(rows);
                    if (r == 0 && i == 0) {
                        note(String.format(Locale.ROOT, "scenario 8, %s: %,d rows of %.0f bytes each on disk", server
                                .label(), rows, server.bytesPerRow(ds, TABLE)));
                    }
                    before(t, ds);
                    DataSource table = ds;
                    double took = Benchmark.seconds(() -> addConstant(server.engine(), t, table));
                    String end = PeersServers.endState(server, ds, TABLE, "plan", "'free'", rows);
                    if (end == null) {
                        times.computeIfAbsent(t, k -> new ArrayList<>()).add(took);
                    } else {
                        note("scenario 8, " + server.label() + " constant, " + t.label + ": " + end);
                    }
                } catch (RuntimeException e) {
                    note("scenario 8, " + server.label() + " constant, " + t.label + " failed: " + firstLine(e));
                } finally {
                    if (ds != null) {
                        server.drop(ds);
                    }
                }
            }
        }
        double ours = median(times.get(Tool.OURS));
        double fast = median(times.get(Tool.FLYWAY_FAST));
        b.add(s, "ours / Flyway hand-written fast default (median of " + CONSTANT_ROUNDS + ")", ours, fast, "s", "<= 1",
                ours <= fast);
        b.add(s, "Liquibase addColumn + addNotNullConstraint / ours", median(times.get(Tool.LIQUIBASE)), ours, "s",
                null, null);
        b.add(s, "Flyway add nullable, UPDATE, NOT NULL / ours", median(times.get(Tool.FLYWAY)), ours, "s", null, null);
    }

    /** The tool's own history tables, as a project that used the tool before has them; not timed. */
    private static void before(Tool t, DataSource ds) {
        try {
            switch (t) {
                case OURS -> Migrator.configure(ds).migrations(List.of()).historyTable("bench_history").load().repair();
                case LIQUIBASE -> PeerTools.liquibaseBefore(ds);
                case FLYWAY, FLYWAY_FAST -> PeerTools.flywayBefore(ds);
            }
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private void addConstant(Engine engine, Tool t, DataSource ds) {
        try {
            switch (t) {
                case OURS -> Benchmark.migrator(ds, migration("plan", SqlType.varchar(20), Backfill.constant("'free'")))
                        .load().migrate();
                case LIQUIBASE -> PeerTools.liquibaseUpdate(ds, PeerTools.liquibaseConstant(TABLE, "plan", "varchar(20)",
                        "free"));
                case FLYWAY -> PeerTools.flywayMigrate(ds, PeerTools.flywayThreeSteps(engine, TABLE, "plan", "varchar(20)",
                        "'free'"));
                case FLYWAY_FAST -> PeerTools.flywayMigrate(ds, PeerTools.flywayFastDefault(TABLE, "plan", "varchar(20)",
                        "'free'"));
            }
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    // ---- expression under the old application's writers ----

    private static final List<Tool> EXPRESSION_TOOLS = List.of(Tool.OURS, Tool.LIQUIBASE, Tool.FLYWAY);

    /** One tool's run: the change's time, what the writers saw, and the table's state at the end. */
    record Run(Tool tool, String failure, double total, double stall, double p99, long opsDuring, long errorsDuring,
               long opsAfter, long errorsAfter, long ops, long errors, String firstError, String endState,
               String phases) {
        double opsPerSecond() {
            return opsDuring / total;
        }
    }

    private void expression(PeersServers.Server server) throws Exception {
        String s = "8. " + server.label() + " lower(name), " + size() + ", " + WRITERS + " writers";
        Map<Tool, List<Run>> runs = new EnumMap<>(Tool.class);
        for (int r = 0; r < EXPRESSION_ROUNDS; r++) {
            for (int i = 0; i < EXPRESSION_TOOLS.size(); i++) {
                Tool t = EXPRESSION_TOOLS.get((i + r) % EXPRESSION_TOOLS.size());
                Benchmark.log(s + ", round " + (r + 1) + ": " + t.label);
                Run run;
                try {
                    run = underWriters(server, t);
                } catch (RuntimeException e) {
                    // Not the tool's result: the run could not be set up or checked. Counted as not OK.
                    note("scenario 8, " + server.label() + " lower(name), round " + (r + 1) + ", " + t.label
                            + ": the run itself failed: " + firstLine(e));
                    runs.computeIfAbsent(t, k -> new ArrayList<>()).add(new Run(t, firstLine(e), Double.NaN, Double.NaN,
                            Double.NaN, 0, 0, 0, 0, 0, 0, null, "not checked", ""));
                    continue;
                }
                runs.computeIfAbsent(t, k -> new ArrayList<>()).add(run);
                note(String.format(Locale.ROOT, "scenario 8, %s lower(name), round %d, %s: %s%.2f s, worst stall"
                        + " %.0f ms, p99 %.1f ms, writer ops %d during the change (%d errors) and %d in the %d ms after it"
                        + " (%d errors)%s%s; end state: %s", server.label(), r + 1, t.label,
                        run.failure == null ? "" : "FAILED (" + run.failure + ") after ", run.total, run.stall, run.p99,
                        run.opsDuring, run.errorsDuring, run.opsAfter, OLD_APP_AFTER_MS, run.errorsAfter,
                        run.phases, run.firstError == null ? "" : ", first writer error: " + run.firstError,
                        run.endState == null ? "OK (rows, no NULL, NOT NULL in the catalog)" : run.endState));
            }
        }
        Stats ours = new Stats(runs.get(Tool.OURS));
        Stats liquibase = new Stats(runs.get(Tool.LIQUIBASE));
        Stats flyway = new Stats(runs.get(Tool.FLYWAY));
        String m = " (median of " + EXPRESSION_ROUNDS + ")";
        b.add(s, "writers' worst stall, ours / 150 ms budget" + m, ours.stall, STALL_BUDGET_MS, "ms", "<= 1",
                ours.stall <= STALL_BUDGET_MS);
        b.add(s, "writers' worst stall, Liquibase / ours", liquibase.stall, ours.stall, "ms", null, null);
        b.add(s, "writers' worst stall, Flyway / ours", flyway.stall, ours.stall, "ms", null, null);
        b.add(s, "writers' p99, Liquibase / ours", liquibase.p99, ours.p99, "ms", null, null);
        b.add(s, "writers' p99, Flyway / ours", flyway.p99, ours.p99, "ms", null, null);
        b.add(s, "ours total / Liquibase total", ours.total, liquibase.total, "s", null, null);
        b.add(s, "ours total / Flyway total", ours.total, flyway.total, "s", null, null);
        b.add(s, "writer ops during the change, ours / Liquibase", ours.opsDuring, liquibase.opsDuring, "ops", null, null);
        b.add(s, "writer ops during the change, ours / Flyway", ours.opsDuring, flyway.opsDuring, "ops", null, null);
        b.add(s, "writer ops/s during the change, ours / Liquibase", ours.rate, liquibase.rate, "ops/s", null, null);
        b.add(s, "writer ops/s during the change, ours / Flyway", ours.rate, flyway.rate, "ops/s", null, null);
        b.add(s, "writer errors / writer ops, ours", ours.errors, ours.ops, "ops", "0", ours.errors == 0);
        b.add(s, "writer errors / writer ops, Liquibase", liquibase.errors, liquibase.ops, "ops", null, null);
        b.add(s, "writer errors / writer ops, Flyway", flyway.errors, flyway.ops, "ops", null, null);
        b.add(s, "end state OK, ours: runs / runs", ours.endOk, ours.count, "runs", "all", ours.endOk == ours.count);
        b.add(s, "end state OK, Liquibase: runs / runs", liquibase.endOk, liquibase.count, "runs", null, null);
        b.add(s, "end state OK, Flyway: runs / runs", flyway.endOk, flyway.count, "runs", null, null);
    }

    /** The medians of a tool's runs, and how many ended in the state asked for. */
    private static final class Stats {
        final double total;
        final double stall;
        final double p99;
        final double opsDuring;
        final double rate;
        final double errors;
        final double ops;
        final int endOk;
        final int count;

        Stats(List<Run> runs) {
            List<Run> measured = runs.stream().filter(r -> !Double.isNaN(r.total)).toList();
            total = median(measured.stream().map(Run::total).toList());
            stall = median(measured.stream().map(Run::stall).toList());
            p99 = median(measured.stream().map(Run::p99).toList());
            opsDuring = median(measured.stream().map(r -> (double) r.opsDuring).toList());
            rate = median(measured.stream().map(Run::opsPerSecond).toList());
            errors = median(measured.stream().map(r -> (double) r.errors).toList());
            ops = median(measured.stream().map(r -> (double) r.ops).toList());
            endOk = (int) runs.stream().filter(r -> r.failure == null && r.endState == null).count();
            count = runs.size();
        }
    }

    private Run underWriters(PeersServers.Server server, Tool t) throws Exception {
        DataSource ds = server.fresh(rows);
        try {
            Migration slug = migration("slug", SqlType.varchar(100), Backfill.expression("lower(name)"));
            Migrator ours = Migrator.configure(ds).migrations(List.of(slug)).historyTable("bench_history").load();
            before(t, ds);
            String failure = null;
            long opsDuring;
            long errorsDuring;
            long opsAfter;
            long errorsAfter;
            double total;
            try (Writers w = new Writers(ds, WRITERS, TABLE, "slug", rows).start()) {
                Thread.sleep(500);
                w.resetStats();
                int e0 = w.errors().size();
                w.openWindow();
                long t0 = System.nanoTime();
                try {
                    switch (t) {
                        case OURS -> ours.migrate();
                        case LIQUIBASE -> PeerTools.liquibaseUpdate(ds, PeerTools.liquibaseExpression(TABLE, "slug",
                                "varchar(100)", "lower(name)"));
                        case FLYWAY -> PeerTools.flywayMigrate(ds, PeerTools.flywayThreeSteps(server.engine(), TABLE, "slug",
                                "varchar(100)", "lower(name)"));
                        default -> throw new IllegalArgumentException(t.label);
                    }
                } catch (Exception e) {
                    failure = firstLine(e);
                }
                total = (System.nanoTime() - t0) / 1e9;
                double toolStall = w.windowWorstStallMillis();
                String phases = "";
                opsDuring = w.ops();
                errorsDuring = w.errors().size() - e0;
                // The deploy rolls over: the old application keeps inserting without the column meanwhile.
                Thread.sleep(OLD_APP_AFTER_MS);
                opsAfter = w.ops() - opsDuring;
                errorsAfter = w.errors().size() - e0 - errorsDuring;
                w.rollOut();
                if (t == Tool.OURS && failure == null) {
                    long ops1 = w.ops();
                    int errors1 = w.errors().size();
                    w.openWindow();
                    long t1 = System.nanoTime();
                    try {
                        ours.complete();
                    } catch (RuntimeException e) {
                        failure = "complete(): " + firstLine(e);
                    }
                    double completeSeconds = (System.nanoTime() - t1) / 1e9;
                    phases = String.format(Locale.ROOT, " (migrate() %.2f s, worst stall %.0f ms; complete() %.2f s,"
                            + " worst stall %.0f ms)", total, toolStall, completeSeconds, w.windowWorstStallMillis());
                    total += completeSeconds;
                    opsDuring += w.ops() - ops1;
                    errorsDuring += w.errors().size() - errors1;
                }
                w.close();
                double stall = w.worstStallMillis();
                double p99 = w.p99Millis();
                long ops = w.ops();
                List<String> errors = w.errors().subList(e0, w.errors().size());
                String first = errors.isEmpty() ? null : errors.get(0).lines().findFirst().orElse("").trim();
                long errorCount = errors.size();
                String end = PeersServers.endState(server, ds, TABLE, "slug", "lower(name)", rows + w.inserted());
                return new Run(t, failure, total, stall, p99, opsDuring, errorsDuring, opsAfter, errorsAfter, ops,
                        errorCount, first, end, phases);
            }
        } finally {
            server.drop(ds);
        }
    }

    static String firstLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = String.valueOf(root.getMessage());
        int nl = m.indexOf('\n');
        return (nl < 0 ? m : m.substring(0, nl)).trim();
    }

    static double median(List<Double> values) {
        if (values == null || values.isEmpty()) {
            return Double.NaN;
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
