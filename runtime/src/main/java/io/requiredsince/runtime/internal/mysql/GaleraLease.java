package io.requiredsince.runtime.internal.mysql;

import io.requiredsince.runtime.internal.Log;
import io.requiredsince.runtime.internal.Message;
import io.requiredsince.runtime.internal.MigrationLock;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The migration lock of a Galera cluster. {@code GET_LOCK} is local to the node that grants it, so
 * two migrators on two nodes would both hold it; this lock is a lease instead, a row of a table
 * beside the history that names its holder and when it expires, written through the cluster's
 * certification: of two migrators that claim it at once on two nodes, one commits and the other's
 * commit is refused (a deadlock error, 1213), and it finds the row taken when it tries again. The
 * holder renews the lease on a connection of its own every {@link #RENEW} while it works; a holder
 * that died (killed, its node gone) stops renewing, and another migrator takes the lease once it
 * expired, {@link #LEASE} later at most. A holder whose lease was taken (it could not renew in time)
 * stops before its next batch: it counts its lease as lost {@link #RENEW} before the term the
 * server gave it, timed from before the statement that renewed it. Expiry is read on the server's
 * clock in UTC: the nodes' clocks are assumed to agree to well within that margin, as NTP keeps them.
 * The lease is on a connection of its own, so a statement a killed holder left running on the server
 * does not keep it; its batches are idempotent, and its DDL waits for the table lock like anyone's.
 */
final class GaleraLease extends MigrationLock {

    private static final System.Logger LOG = Log.get();
    static final Duration LEASE = Duration.ofSeconds(20);
    static final Duration RENEW = Duration.ofSeconds(5);

    private final Connection connection;
    private final boolean autoCommit;
    private final String table;
    private final String name;
    private final String holder;
    private final String syncWait;
    private final int networkTimeout;
    private final ScheduledExecutorService renewer;
    private volatile boolean held;
    private volatile String lost;
    private volatile long renewedAt;

    private GaleraLease(Connection connection, String table, String name) throws SQLException {
        this.connection = connection;
        this.autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(true);
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("SELECT @@SESSION.wsrep_sync_wait")) {
            rs.next();
            this.syncWait = Integer.toString(rs.getInt(1));
        }
        this.networkTimeout = connection.getNetworkTimeout();
        this.table = table;
        this.name = name;
        String host = System.getenv("HOSTNAME");
        this.holder = "pid " + ProcessHandle.current().pid() + (host == null || host.isBlank() ? "" : "@" + host) + " "
                + UUID.randomUUID().toString().substring(0, 8);
        this.renewer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "requiredsince-galera-lease");
            t.setDaemon(true);
            return t;
        });
    }

    /** The lease {@code name} in {@code table} (qualified and quoted), on a connection of its own. */
    static GaleraLease open(Connection connection, String table, String name) throws SQLException {
        GaleraLease lease = new GaleraLease(connection, table, name);
        // A renewal never hangs on a node that went away: it fails, and the next one tries again.
        connection.setNetworkTimeout(Runnable::run, (int) RENEW.toMillis() * 2);
        try (Statement st = connection.createStatement()) {
            // Reads wait until this node applied what the cluster committed before them.
            st.execute("SET SESSION wsrep_sync_wait = 1");
            st.execute("CREATE TABLE IF NOT EXISTS " + table + " (name VARCHAR(191) NOT NULL PRIMARY KEY,"
                    + " holder VARCHAR(191) NOT NULL, expires_at DATETIME(3) NOT NULL) ENGINE=InnoDB");
        }
        return lease;
    }

    @Override
    protected String describe() {
        return "the Galera lease '" + name + "' in " + table + " (held by " + currentHolder() + ")";
    }

    private String currentHolder() {
        try (PreparedStatement ps = connection.prepareStatement("SELECT holder, expires_at FROM " + table + " WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) + " until " + rs.getString(2) : "nobody";
            }
        } catch (SQLException e) {
            return "unknown: " + e.getMessage();
        }
    }

    @Override
    protected boolean tryAcquire() throws SQLException {
        long claimed = System.nanoTime();
        try (PreparedStatement ps = connection.prepareStatement("INSERT INTO " + table
                + " (name, holder, expires_at) VALUES (?, ?, UTC_TIMESTAMP(3) + INTERVAL ? SECOND)"
                + " ON DUPLICATE KEY UPDATE holder = IF(expires_at < UTC_TIMESTAMP(3), VALUES(holder), holder),"
                + " expires_at = IF(holder = VALUES(holder), VALUES(expires_at), expires_at)")) {
            ps.setString(1, name);
            ps.setString(2, holder);
            ps.setLong(3, LEASE.toSeconds());
            ps.executeUpdate();
        } catch (SQLException e) {
            if (e.getErrorCode() == 1213 || e.getErrorCode() == 1205) {
                return false; // another node's claim was certified first, or holds the row: look again later
            }
            throw e;
        }
        try (PreparedStatement ps = connection.prepareStatement("SELECT holder FROM " + table + " WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                held = rs.next() && holder.equals(rs.getString(1));
            }
        }
        if (held) {
            renewedAt = claimed;
            long every = RENEW.toMillis();
            renewer.scheduleWithFixedDelay(this::renewQuietly, every, every, TimeUnit.MILLISECONDS);
        }
        return held;
    }

    private void renewQuietly() {
        try {
            renew();
        } catch (SQLException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, () -> "Could not renew the Galera lease " + name + " (tried again in "
                    + RENEW.toSeconds() + " s): " + e.getMessage());
        }
    }

    private synchronized void renew() throws SQLException {
        if (!held || lost != null) {
            return;
        }
        try (PreparedStatement ps = connection.prepareStatement("UPDATE " + table
                + " SET expires_at = UTC_TIMESTAMP(3) + INTERVAL ? SECOND WHERE name = ? AND holder = ?")) {
            ps.setLong(1, LEASE.toSeconds());
            ps.setString(2, name);
            ps.setString(3, holder);
            long sent = System.nanoTime();
            if (ps.executeUpdate() == 0) {
                lost = "another migrator holds it now: " + currentHolder();
            } else {
                renewedAt = sent;
            }
        }
    }

    /** Before every batch: a lease this holder could not renew within its term, or that was taken, stops the run. */
    @Override
    public void proveHeld() throws SQLException {
        long safe = LEASE.minus(RENEW).toNanos();
        if (lost == null && System.nanoTime() - renewedAt > RENEW.multipliedBy(2).toNanos()) {
            renew();
        }
        if (lost == null && System.nanoTime() - renewedAt > safe) {
            lost = "it was not renewed for " + Duration.ofNanos(System.nanoTime() - renewedAt).toSeconds()
                    + " s, too close to the end of its " + LEASE.toSeconds() + " s term";
        }
        if (lost != null) {
            throw new IllegalStateException(Message.LOCK_LOST.format("the Galera lease '" + name + "' in " + table, lost));
        }
    }

    @Override
    public void close() throws SQLException {
        renewer.shutdownNow();
        MigrationLock.releaseAndClose(connection, autoCommit, () -> {
            if (held && lost == null) {
                synchronized (this) {
                    try (PreparedStatement ps = connection.prepareStatement("DELETE FROM " + table
                            + " WHERE name = ? AND holder = ?")) {
                        ps.setString(1, name);
                        ps.setString(2, holder);
                        ps.executeUpdate();
                    }
                }
            }
            held = false;
            try (Statement st = connection.createStatement()) {
                st.execute("SET SESSION wsrep_sync_wait = " + syncWait);
            }
            connection.setNetworkTimeout(Runnable::run, networkTimeout);
        });
    }
}
