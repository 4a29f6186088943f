package io.requiredsince.runtime.internal;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.zip.CRC32;

/**
 * A lock the server ties to a session: taken by a query that answers whether it was granted,
 * released by another, both with one parameter, on a connection of its own. It dies with the
 * session. PostgreSQL's advisory lock and MySQL's {@code GET_LOCK} are both this lock, with their
 * own two queries.
 */
public final class SessionLock extends MigrationLock {

    private final Connection connection;
    private final boolean autoCommit;
    private final String description;
    private final String tryQuery;
    private final String unlockQuery;
    private final Object parameter;
    private boolean held;
    private boolean closed;

    /**
     * @param connection the dedicated connection that holds the lock (put back in auto-commit as lent)
     * @param description what the lock is called in messages
     * @param tryQuery a query answering whether the lock was granted, its one parameter {@code parameter}
     * @param unlockQuery the query that releases it
     */
    public SessionLock(Connection connection, String description, String tryQuery, String unlockQuery,
                       Object parameter) throws SQLException {
        this.connection = connection;
        this.autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(true);
        this.description = description;
        this.tryQuery = tryQuery;
        this.unlockQuery = unlockQuery;
        this.parameter = parameter;
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
    public void close() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        releaseAndClose(connection, autoCommit, () -> {
            if (held) {
                try (PreparedStatement ps = connection.prepareStatement(unlockQuery)) {
                    ps.setObject(1, parameter);
                    ps.execute();
                }
                held = false;
            }
        });
    }
}
