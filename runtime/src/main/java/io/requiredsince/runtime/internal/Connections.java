package io.requiredsince.runtime.internal;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Putting a connection back after a failure without losing the failure: on a connection the database
 * ended (a killed session, a restart), rollback and {@code setAutoCommit} throw too, and an exception
 * thrown from a {@code catch} or {@code finally} would replace the one that says what happened.
 */
public final class Connections {

    /** How long a liveness check waits, in seconds. */
    private static final int VALID_TIMEOUT = 5;

    private Connections() {
    }

    /** Rolls back; a failure to do so is attached to {@code failure}. */
    public static void rollback(Connection connection, Throwable failure) {
        try {
            connection.rollback();
        } catch (SQLException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /**
     * Puts back the auto-commit mode. With {@code failure} (the reason the caller is leaving), a failure
     * to do so is attached to it; without, it is thrown.
     */
    public static void restoreAutoCommit(Connection connection, boolean autoCommit, Throwable failure)
            throws SQLException {
        try {
            if (!connection.isClosed()) {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException | RuntimeException e) {
            if (failure == null) {
                throw e;
            }
            failure.addSuppressed(e);
        }
    }

    /** Work that runs in a transaction. */
    public interface Work {
        void run() throws SQLException;
    }

    /**
     * Runs {@code work} in one transaction on a connection in auto-commit, and puts auto-commit back:
     * committed when it returns, rolled back when it throws.
     */
    public static void inTransaction(Connection connection, Work work) throws SQLException {
        connection.setAutoCommit(false);
        Throwable failure = null;
        try {
            work.run();
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            failure = e;
            rollback(connection, e);
            throw e;
        } finally {
            restoreAutoCommit(connection, true, failure);
        }
    }

    /** Whether the connection can no longer run a statement. */
    /** The server a connection reaches, for messages: its URL up to the parameters, which may hold a password. */
    public static String where(Connection connection) {
        try {
            String url = connection.getMetaData().getURL();
            if (url == null) {
                return "(unknown URL)";
            }
            int params = url.indexOf('?');
            String bare = params < 0 ? url : url.substring(0, params);
            // jdbc:mysql://user:password@host/db
            return bare.replaceFirst("//[^/@]*@", "//");
        } catch (SQLException e) {
            return "(unknown URL)";
        }
    }

    public static boolean isBroken(Connection connection) {
        try {
            return connection.isClosed() || !connection.isValid(VALID_TIMEOUT);
        } catch (SQLException | RuntimeException e) {
            return true;
        }
    }
}
