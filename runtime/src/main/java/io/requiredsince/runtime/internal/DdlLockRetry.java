package io.requiredsince.runtime.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a DDL step with a bounded wait for its table lock, and retries with backoff when the wait
 * trips. A DDL statement queued behind a long transaction holds its place in the lock queue, and
 * every query that comes after it waits too: a short {@code lock_timeout} (PostgreSQL) or
 * {@code lock_wait_timeout} (MySQL, MariaDB, metadata locks) keeps that stall no longer than the
 * timeout, and the step is tried again after a pause that doubles each time. When the retries are
 * exhausted the error names the table and the sessions holding it.
 *
 * <p>Other engines run the step as it is: their DDL waits for, or fails on, locks by their own rules.
 */
public final class DdlLockRetry {

    private static final Duration MAX_PAUSE = Duration.ofSeconds(10);

    private final Duration lockTimeout;
    private final int retries;
    private final Duration firstPause;

    /**
     * @param lockTimeout how long one DDL statement may wait for its lock
     * @param retries how many times a statement that timed out is tried again
     * @param firstPause the pause before the first retry; it doubles each time, up to 10 s
     */
    public DdlLockRetry(Duration lockTimeout, int retries, Duration firstPause) {
        this.lockTimeout = lockTimeout;
        this.retries = retries;
        this.firstPause = firstPause;
    }

    /** The defaults: 5 s per attempt, 10 retries, first pause 200 ms. */
    public static DdlLockRetry defaults() {
        return new DdlLockRetry(Duration.ofSeconds(5), 10, Duration.ofMillis(200));
    }

    /** A step's statement(s), run once per attempt. */
    interface Attempt<T> {
        T run() throws SQLException;
    }

    <T> T run(Connection connection, EngineInfo engine, Target target, String step, Attempt<T> attempt)
            throws SQLException {
        Engine e = engine.engine();
        if (e != Engine.POSTGRES && e != Engine.MYSQL && e != Engine.MARIADB) {
            return attempt.run();
        }
        Duration pause = firstPause;
        for (int tried = 0; ; tried++) {
            String previous = setTimeout(connection, e);
            try {
                return attempt.run();
            } catch (SQLException failure) {
                if (!lockTimedOut(failure, e)) {
                    throw failure;
                }
                if (tried >= retries) {
                    throw new LockWaitExhaustedException("Step '" + step + "' on table " + target.describe()
                            + " could not get its lock within " + lockTimeout.toMillis() + " ms, " + (tried + 1)
                            + " times in a row; other sessions holding or waiting on the table: "
                            + blockers(connection, e, target) + ". Nothing was changed by this step; end or wait out"
                            + " that transaction and run migrate() again (or raise ddlLockTimeout/ddlLockRetries).",
                            failure);
                }
            } finally {
                restoreTimeout(connection, e, previous);
            }
            sleep(pause);
            pause = pause.multipliedBy(2).compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause.multipliedBy(2);
        }
    }

    /** The retries are exhausted; the message names the table and the blockers. */
    public static final class LockWaitExhaustedException extends SQLException {
        private static final long serialVersionUID = 1L;

        LockWaitExhaustedException(String message, SQLException cause) {
            super(message, cause.getSQLState(), cause.getErrorCode(), cause);
        }
    }

    private String setTimeout(Connection connection, Engine e) throws SQLException {
        try (Statement st = connection.createStatement()) {
            if (e == Engine.POSTGRES) {
                String previous;
                try (ResultSet rs = st.executeQuery("SHOW lock_timeout")) {
                    rs.next();
                    previous = rs.getString(1);
                }
                st.execute("SET lock_timeout = " + Math.max(1, lockTimeout.toMillis()));
                return previous;
            }
            String previous;
            try (ResultSet rs = st.executeQuery("SELECT @@SESSION.lock_wait_timeout")) {
                rs.next();
                previous = rs.getString(1);
            }
            // Whole seconds, at least one: MySQL's lower bound.
            st.execute("SET SESSION lock_wait_timeout = " + Math.max(1, (lockTimeout.toMillis() + 999) / 1000));
            return previous;
        }
    }

    private static void restoreTimeout(Connection connection, Engine e, String previous) throws SQLException {
        if (connection.isClosed()) {
            return;
        }
        String statement = e == Engine.POSTGRES ? "SELECT set_config('lock_timeout', ?, false)"
                : "SET SESSION lock_wait_timeout = ?";
        try (PreparedStatement ps = connection.prepareStatement(statement)) {
            if (e == Engine.POSTGRES) {
                ps.setString(1, previous);
            } else {
                ps.setLong(1, Long.parseLong(previous.trim().replaceFirst("\\..*", "")));
            }
            ps.execute();
        }
    }

    static boolean lockTimedOut(SQLException failure, Engine e) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                if (e == Engine.POSTGRES && "55P03".equals(s.getSQLState())) {
                    return true;
                }
                if (e != Engine.POSTGRES && s.getErrorCode() == 1205) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String blockers(Connection connection, Engine e, Target target) {
        List<String> found = new ArrayList<>();
        String q = e == Engine.POSTGRES
                ? "SELECT a.pid, a.usename, a.state, a.xact_start, left(a.query, 80) FROM pg_stat_activity a"
                        + " WHERE a.pid <> pg_backend_pid() AND a.pid IN (SELECT l.pid FROM pg_locks l"
                        + " WHERE l.relation = to_regclass(?))"
                : "SELECT p.ID, p.USER, p.COMMAND, p.TIME, LEFT(p.INFO, 80) FROM information_schema.PROCESSLIST p"
                        + " WHERE p.ID <> CONNECTION_ID() AND p.DB = COALESCE(?, DATABASE())";
        try (PreparedStatement ps = connection.prepareStatement(q)) {
            if (e == Engine.POSTGRES) {
                ps.setString(1, (target.schema() == null ? "" : quote(target.schema()) + ".") + quote(target.table()));
            } else {
                ps.setString(1, target.schema());
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add((e == Engine.POSTGRES ? "pid " : "connection ") + rs.getString(1) + " (user "
                            + rs.getString(2) + ", " + rs.getString(3) + (e == Engine.POSTGRES ? " since " : ", ")
                            + rs.getString(4) + (e == Engine.POSTGRES ? "" : " s")
                            + (rs.getString(5) == null ? "" : ", last query: " + rs.getString(5)) + ")");
                }
            }
        } catch (SQLException ex) {
            return "(could not be read: " + ex.getMessage() + ")";
        }
        return found.isEmpty() ? "none any more" : String.join("; ", found);
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting to retry a DDL step", ex);
        }
    }
}
