package io.requiredsince.runtime.internal.postgres;

import io.requiredsince.runtime.internal.Batches;
import io.requiredsince.runtime.internal.Log;
import io.requiredsince.runtime.internal.ReplicaWait;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The streaming replicas' lag, read on the primary from {@code pg_stat_replication}. Its
 * {@code replay_lag} is measured from the standby's replies and stops growing when replay stops
 * ({@code pg_wal_replay_pause()}, a long query on the standby holding replay back), so the lag is
 * timed here instead: after each batch the primary's WAL position is noted with the time, and a
 * replica lags by the age of the oldest noted position it has not replayed yet. A replica that is
 * not streaming (disconnected, catching up from the archive) is not waited for.
 */
final class ReplicaLag implements ReplicaWait {

    private static final System.Logger LOG = Log.get();
    private static final String POSITION = "select pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint";
    // Physical standbys only: a logical walsender (a subscription, a change-data-capture tool) confirms
    // its position when it likes, and is no replica of the table. Without pg_read_all_stats every
    // column but pid reads NULL: those rows are counted, to say so.
    private static final String REPLICAS = "select coalesce(application_name, ''), coalesce(host(client_addr), 'local'),"
            + " pg_wal_lsn_diff(replay_lsn, '0/0')::bigint, state is null from pg_stat_replication r"
            + " where (state = 'streaming' or state is null) and not exists (select 1 from pg_replication_slots s"
            + " where s.active_pid = r.pid and s.slot_type = 'logical')";
    private static final long REPORT_EVERY = Duration.ofSeconds(10).toNanos();

    private final Duration max;
    /** Whether a replica was there whose state this role may not read (warned once). */
    private boolean hidden;
    private boolean warned;
    /** The primary's WAL positions noted after batches, oldest first: {time in nanos, position}. */
    private final Deque<long[]> noted = new ArrayDeque<>();

    ReplicaLag(Duration max) {
        this.max = max;
    }

    private record Replica(String name, long lagNanos) {
    }

    @Override
    public void afterBatch(Connection primary) throws SQLException {
        long waitingSince = System.nanoTime();
        long reported = waitingSince;
        while (true) {
            List<Replica> behind = read(primary);
            if (behind.isEmpty()) {
                return;
            }
            long now = System.nanoTime();
            if (now - reported >= REPORT_EVERY) {
                reported = now;
                Replica worst = behind.get(0);
                LOG.log(System.Logger.Level.INFO, () -> "Backfill waits for replica " + worst.name() + ": "
                        + Duration.ofNanos(worst.lagNanos()).toMillis() + " ms behind (maxReplicaLag "
                        + max.toMillis() + " ms), waiting " + Duration.ofNanos(System.nanoTime() - waitingSince).toSeconds()
                        + " s so far");
            }
            Batches.sleep(Math.max(20, Math.min(500, max.toMillis() / 4)));
            if (Thread.currentThread().isInterrupted()) {
                throw new IllegalStateException("Interrupted while waiting for a lagging replica");
            }
        }
    }

    // The replicas lagging more than the limit, worst first; notes the primary's position.
    private List<Replica> read(Connection primary) throws SQLException {
        long now = System.nanoTime();
        List<Replica> behind = new ArrayList<>();
        long oldestReplayed = Long.MAX_VALUE;
        boolean autoCommit = primary.getAutoCommit();
        try (Statement st = primary.createStatement()) {
            try (ResultSet rs = st.executeQuery(POSITION)) {
                rs.next();
                note(now, rs.getLong(1));
            }
            try (ResultSet rs = st.executeQuery(REPLICAS)) {
                while (rs.next()) {
                    if (rs.getBoolean(4)) {
                        hidden = true;
                        continue;
                    }
                    long replayed = rs.getLong(3);
                    if (rs.wasNull()) {
                        continue;
                    }
                    oldestReplayed = Math.min(oldestReplayed, replayed);
                    long lag = lag(now, replayed);
                    if (lag > max.toNanos()) {
                        behind.add(new Replica("'" + rs.getString(1) + "' (" + rs.getString(2) + ")", lag));
                    }
                }
            }
        } finally {
            if (!autoCommit) {
                primary.commit();
            }
        }
        if (hidden && !warned) {
            warned = true;
            LOG.log(System.Logger.Level.WARNING, "maxReplicaLag: pg_stat_replication hides the replicas' positions from"
                    + " this role (grant it pg_read_all_stats, or migrate as a role that has it): their lag is not read"
                    + " and the batches do not wait for them");
        }
        // Positions every replica has replayed are no longer needed.
        while (noted.size() > 1 && noted.peekFirst()[1] <= oldestReplayed) {
            noted.pollFirst();
        }
        behind.sort((a, b) -> Long.compare(b.lagNanos(), a.lagNanos()));
        return behind;
    }

    private void note(long now, long position) {
        if (noted.isEmpty() || noted.peekLast()[1] < position) {
            noted.addLast(new long[] {now, position});
        }
    }

    // The age of the oldest noted position beyond what the replica replayed; 0 when it replayed all.
    private long lag(long now, long replayed) {
        for (long[] position : noted) {
            if (position[1] > replayed) {
                return now - position[0];
            }
        }
        return 0;
    }
}
