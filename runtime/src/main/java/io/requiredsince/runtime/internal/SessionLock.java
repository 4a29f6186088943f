package io.requiredsince.runtime.internal;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.zip.CRC32;

/**
 * A lock the server ties to a session: taken by a query that answers whether it was granted,
 * released by another, both with one parameter. It dies with the session. PostgreSQL's advisory
 * lock and MySQL's {@code GET_LOCK} are both this lock, with their own two queries.
 *
 * <p>The migrator takes it on the connection that does the work ({@link #on}): if that session
 * ends (killed, timed out, dropped by a proxy) the lock and the work end together, so no second
 * migrator can start while the first still works; and a statement a killed migrator left running
 * on the server keeps the lock until it finishes. Only a lock taken without a working connection
 * gets one of its own ({@link #dedicated}).
 */
public final class SessionLock extends MigrationLock {

    private static final System.Logger LOG = Log.get();

    private final Connection connection;
    private final boolean dedicated;
    private final boolean autoCommit;
    private final String description;
    private final String tryQuery;
    private final String unlockQuery;
    private final Object parameter;
    private boolean held;
    private boolean closed;

    private SessionLock(Connection connection, boolean dedicated, String description, String tryQuery,
                        String unlockQuery, Object parameter) throws SQLException {
        this.connection = connection;
        this.dedicated = dedicated;
        this.autoCommit = connection.getAutoCommit();
        if (dedicated) {
            connection.setAutoCommit(true);
        }
        this.description = description;
        this.tryQuery = tryQuery;
        this.unlockQuery = unlockQuery;
        this.parameter = parameter;
    }

    /**
     * The lock on the connection that does the work, left open when the lock is released.
     *
     * @param description what the lock is called in messages
     * @param tryQuery a query answering whether the lock was granted, its one parameter {@code parameter}
     * @param unlockQuery the query that releases it
     */
    public static SessionLock on(Connection connection, String description, String tryQuery, String unlockQuery,
                                 Object parameter) throws SQLException {
        return new SessionLock(connection, false, description, tryQuery, unlockQuery, parameter);
    }

    /** The lock on a connection of its own, closed (put back in its auto-commit mode first) when released. */
    public static SessionLock dedicated(Connection connection, String description, String tryQuery,
                                        String unlockQuery, Object parameter) throws SQLException {
        return new SessionLock(connection, true, description, tryQuery, unlockQuery, parameter);
    }

    /** The CRC-32 of {@code s}: a short, stable part of a lock's name or key. */
    public static long crc(String s) {
        CRC32 crc = new CRC32();
        crc.update(s.getBytes(StandardCharsets.UTF_8));
        return crc.getValue();
    }

    @Override
    protected String describe() {
        return description;
    }

    @Override
    protected boolean tryAcquire() throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(tryQuery)) {
            ps.setObject(1, parameter);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                held = rs.getBoolean(1);
                return held;
            }
        }
    }

    @Override
    public void proveHeld() throws SQLException {
        if (dedicated && !connection.isValid(2)) {
            throw new SQLException(Message.LOCK_LOST.format(description, "its connection is closed"));
        }
    }

    /**
     * Releases the lock. On the working connection a failed release aborts that connection, so the
     * session, and with it the lock, ends rather than going back to the pool still held.
     */
    @Override
    public void close() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        if (dedicated) {
            releaseAndClose(connection, autoCommit, this::unlock);
            return;
        }
        try {
            if (!connection.isClosed()) {
                unlock();
            }
        } catch (SQLException | RuntimeException e) {
            try {
                connection.abort(Runnable::run);
            } catch (SQLException | RuntimeException aborting) {
                e.addSuppressed(aborting);
            }
            LOG.log(System.Logger.Level.WARNING, () -> "Could not release " + description + " (" + e.getMessage()
                    + "); its connection was aborted, which ends the session and the lock with it");
        }
    }

    private void unlock() throws SQLException {
        if (held) {
            try (PreparedStatement ps = connection.prepareStatement(unlockQuery)) {
                ps.setObject(1, parameter);
                ps.execute();
            }
            held = false;
        }
    }
}
