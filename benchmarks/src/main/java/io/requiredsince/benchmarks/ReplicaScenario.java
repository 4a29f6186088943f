package io.requiredsince.benchmarks;

import io.requiredsince.runtime.Backfill;
import io.requiredsince.runtime.Migration;
import io.requiredsince.runtime.SqlType;
import io.requiredsince.testkit.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * Scenario 6: a 1M-row {@code lower(name)} backfill on an embedded PostgreSQL primary with a
 * streaming hot standby, and the standby's worst replay lag meanwhile: one UPDATE, ours, and ours
 * with {@code maxReplicaLag}. The lag is timed on the primary, as the runtime times it: the age of
 * the oldest WAL position, noted every 20 ms, that the standby has not replayed.
 */
final class ReplicaScenario {

    private static final long ROWS = 1_000_000;
    private static final Duration LIMIT = Duration.ofMillis(500);

    private final Benchmark b;

    ReplicaScenario(Benchmark b) {
        this.b = b;
    }

    void replayLag() throws Exception {
        try (EmbeddedPostgres primary = EmbeddedPostgres.start(); EmbeddedPostgres standby = primary.startStandby()) {
            double[] update = run(primary, "update", ds -> Benchmark.exec(ds,
                    "alter table organizations add column slug varchar(100)", "update organizations set slug = lower(name)"));
            Migration m = Benchmark.migration("organizations", "slug", SqlType.varchar(100), Backfill.expression("lower(name)"));
            double[] ours = run(primary, "ours", ds -> Benchmark.migrator(ds, m).load().migrate());
            double[] limited = run(primary, "limited", ds -> Benchmark.migrator(ds, m).maxReplicaLag(LIMIT).load().migrate());
            String s = "6. PostgreSQL + hot standby, lower(name), 1M rows";
            b.add(s, "standby's worst replay lag, ours / one UPDATE", ours[1], update[1], "ms", "report", null);
            b.add(s, "worst replay lag with maxReplicaLag / its 500 ms limit", limited[1], LIMIT.toMillis(), "ms", "<= 2",
                    limited[1] <= 2 * LIMIT.toMillis());
            b.add(s, "time with maxReplicaLag / without", limited[0], ours[0], "s", "report", null);
        }
    }

    interface Change {
        void run(DataSource ds) throws Exception;
    }

    // {seconds, worst lag in ms} of one change on a fresh database.
    private double[] run(EmbeddedPostgres primary, String name, Change change) throws Exception {
        Benchmark.log("6. " + name + ", " + ROWS + " rows, with a streaming standby");
        DataSource ds = primary.createDatabase("replica_" + name);
        Benchmark.exec(ds, "create table organizations (id bigserial primary key, name text not null)",
                "insert into organizations (name) select 'Org ' || g from generate_series(1, " + ROWS + ") g",
                "vacuum analyze organizations");
        waitCaughtUp(ds);
        AtomicBoolean sampling = new AtomicBoolean(true);
        AtomicLong worst = new AtomicLong();
        Thread sampler = new Thread(() -> sample(ds, sampling, worst), "replay-lag-sampler");
        sampler.start();
        double seconds = Benchmark.seconds(() -> change.run(ds));
        waitCaughtUp(ds);
        sampling.set(false);
        sampler.join();
        return new double[] {seconds, worst.get() / 1e6};
    }

    private static void sample(DataSource ds, AtomicBoolean sampling, AtomicLong worst) {
        Deque<long[]> noted = new ArrayDeque<>();
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            while (sampling.get()) {
                long now = System.nanoTime();
                try (ResultSet rs = st.executeQuery("select pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint,"
                        + " (select min(pg_wal_lsn_diff(replay_lsn, '0/0'))::bigint from pg_stat_replication)")) {
                    rs.next();
                    long current = rs.getLong(1);
                    long replayed = rs.getLong(2);
                    if (noted.isEmpty() || noted.peekLast()[1] < current) {
                        noted.addLast(new long[] {now, current});
                    }
                    while (!noted.isEmpty() && noted.peekFirst()[1] <= replayed) {
                        noted.pollFirst();
                    }
                    long lag = noted.isEmpty() ? 0 : now - noted.peekFirst()[0];
                    worst.accumulateAndGet(lag, Math::max);
                }
                Thread.sleep(20);
            }
        } catch (SQLException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void waitCaughtUp(DataSource ds) throws InterruptedException {
        for (int i = 0; i < 3000; i++) {
            if (Benchmark.count(ds, "select count(*) from pg_stat_replication where state = 'streaming'"
                    + " and replay_lsn >= pg_current_wal_lsn()") > 0) {
                return;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("the standby did not catch up in 60 s");
    }
}
