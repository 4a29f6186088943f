package io.requiredsince.benchmarks;

import io.requiredsince.runtime.Backfill;
import io.requiredsince.runtime.SqlType;
import java.util.Locale;
import javax.sql.DataSource;
import org.mariadb.jdbc.MariaDbDataSource;

/**
 * Scenario 4: MariaDB, constant backfill at 10k and 1M rows, on the server named by
 * {@code REQUIREDSINCE_BENCH_MARIADB_URL} or {@code REQUIREDSINCE_TEST_MARIADB_URL}
 * (e.g. {@code jdbc:mariadb://127.0.0.1:3306/?user=root}).
 */
final class MariadbScenario {

    private final Benchmark b;

    MariadbScenario(Benchmark b) {
        this.b = b;
    }

    void constantBackfill() throws Exception {
        String url = Benchmark.mariadbUrl();
        if (url == null) {
            b.notes.add("scenario 4 not run: set REQUIREDSINCE_BENCH_MARIADB_URL=jdbc:mariadb://host:3306/?user=root");
            return;
        }
        String db = "requiredsince_bench_" + ProcessHandle.current().pid();
        MariaDbDataSource server = new MariaDbDataSource(url);
        Benchmark.exec(server, "drop database if exists " + db, "create database " + db);
        try {
            String base = Benchmark.mariadbDatabase(url, db);
            DataSource ds = new MariaDbDataSource(base);
            long[] sizes = {10_000, 1_000_000};
            String[] tables = {"organizations_10k", "organizations_1m"};
            double[] ours = new double[2];
            double naive = 0;
            for (int i = 0; i < 2; i++) {
                Benchmark.log("4. MariaDB constant backfill, " + sizes[i] + " rows");
                create(ds, tables[i], sizes[i]);
            }
            // Warm-up, then sizes interleaved over 5 rounds, the median per size; DROP COLUMN is instant too.
            migrateConstant(ds, tables[0]);
            double[][] runs = new double[2][5];
            for (int r = 0; r < 5; r++) {
                for (int i = 0; i < 2; i++) {
                    String t = tables[i];
                    runs[i][r] = Benchmark.seconds(() -> migrateConstant(ds, t));
                }
            }
            for (int i = 0; i < 2; i++) {
                java.util.Arrays.sort(runs[i]);
                ours[i] = runs[i][2];
            }
            create(ds, "organizations", 1_000_000);
            naive = Benchmark.seconds(() -> Benchmark.exec(ds, "alter table organizations add column plan varchar(20) null",
                    "update organizations set plan = 'free'",
                    "alter table organizations modify column plan varchar(20) not null"));
            b.add("4. MariaDB constant backfill", "ours t(1,000,000) / ours t(10,000)", ours[1], ours[0], "s",
                    "flat (<= 1.5)", ours[1] / ours[0] <= 1.5);
            b.add("4. MariaDB constant backfill", "naive 3 steps t(1M) / ours t(1M)", naive, ours[1], "s", null, null);
            b.notes.add(String.format(Locale.ROOT, "scenario 4: %s", version(ds)));
        } finally {
            Benchmark.exec(server, "drop database if exists " + db);
        }
    }

    private static void migrateConstant(DataSource ds, String table) {
        Benchmark.migrator(ds, Benchmark.migration(table, "plan", SqlType.varchar(20), Backfill.constant("'free'")))
                .load().migrate();
        Benchmark.exec(ds, "alter table " + table + " drop column plan", "drop table bench_history");
    }

    private static void create(DataSource ds, String table, long rows) {
        Benchmark.exec(ds, "create table " + table + " (id bigint primary key, name varchar(50) not null,"
                + " seats int not null) engine=InnoDB",
                "insert into " + table + " select seq, concat('Org ', seq), seq % 20 from seq_1_to_" + rows);
    }

    private static String version(DataSource ds) throws Exception {
        try (var c = ds.getConnection()) {
            return c.getMetaData().getDatabaseProductName() + " " + c.getMetaData().getDatabaseProductVersion();
        }
    }
}
