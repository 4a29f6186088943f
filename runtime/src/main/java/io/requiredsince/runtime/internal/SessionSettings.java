package io.requiredsince.runtime.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Session variables a run sets on its working connection, so that every statement it sends runs
 * under limits the runtime chose, whatever the server, the database, the role or the pool set
 * ({@code statement_timeout = '500ms'}, an idle-session timeout of two seconds): the long reads and
 * batches of a backfill are never cut short, and every lock wait is bounded by the runtime's own
 * timeout and retried. The connection's own values are put back when the run ends, so a pooled
 * connection returns to the application as it was lent. An engine reads and writes one variable;
 * variables its server does not have (an older version's) are left out.
 */
public abstract class SessionSettings {

    private static final System.Logger LOG = Log.get();

    /** The session's value of {@code name}, or null when this server has no such variable. */
    protected abstract String read(Connection connection, String name) throws SQLException;

    /** Sets {@code name} to {@code value} for the rest of the session. */
    protected abstract void write(Connection connection, String name, String value) throws SQLException;

    /** The statement a script sets {@code name} to {@code value} with. */
    protected abstract String statement(String name, String value);

    /** The statements that set each of {@code wanted} this server has, for a script: what {@link #apply} sets. */
    public final List<String> script(Connection connection, Map<String, String> wanted) throws SQLException {
        List<String> statements = new java.util.ArrayList<>();
        for (Map.Entry<String, String> e : wanted.entrySet()) {
            if (read(connection, e.getKey()) != null) {
                statements.add(statement(e.getKey(), e.getValue()));
            }
        }
        return statements;
    }

    /**
     * Sets each of {@code wanted} this server has; closing the result puts the previous values back.
     * A failure part way puts back what was already set.
     */
    public final EngineSupport.AutoCloseableSql apply(Connection connection, Map<String, String> wanted)
            throws SQLException {
        Map<String, String> previous = new LinkedHashMap<>();
        EngineSupport.AutoCloseableSql restore = () -> {
            for (Map.Entry<String, String> e : previous.entrySet()) {
                write(connection, e.getKey(), e.getValue());
            }
        };
        try {
            for (Map.Entry<String, String> e : wanted.entrySet()) {
                String was = read(connection, e.getKey());
                if (was != null) {
                    previous.put(e.getKey(), was);
                    write(connection, e.getKey(), e.getValue());
                }
            }
        } catch (SQLException | RuntimeException e) {
            try {
                restore.close();
            } catch (SQLException | RuntimeException again) {
                e.addSuppressed(again);
            }
            throw e;
        }
        return restore;
    }

    /**
     * Puts the connection's own settings back after a run. When the run failed, a failure here is
     * attached to it; when it succeeded, it is logged (a connection the server ended has no session
     * to restore, and its pool discards it).
     */
    public static void restore(EngineSupport.AutoCloseableSql settings, Connection connection, Throwable failure) {
        try {
            if (!connection.isClosed()) {
                settings.close();
            }
        } catch (SQLException | RuntimeException e) {
            if (failure != null) {
                failure.addSuppressed(e);
            } else {
                LOG.log(System.Logger.Level.WARNING, () -> "Could not put back the connection's session settings after"
                        + " the run: " + e.getMessage());
            }
        }
    }
}
