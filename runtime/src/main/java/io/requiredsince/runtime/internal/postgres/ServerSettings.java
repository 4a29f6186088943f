package io.requiredsince.runtime.internal.postgres;

import io.requiredsince.runtime.internal.EngineSupport;
import io.requiredsince.runtime.internal.SessionSettings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The PostgreSQL limits a run works under: {@code statement_timeout}, {@code transaction_timeout}
 * (17 and later), {@code idle_in_transaction_session_timeout} and {@code idle_session_timeout} (14
 * and later) off, {@code lock_timeout} the run's DDL lock wait. Set with {@code set_config}, which
 * takes the value as a parameter, and read with {@code current_setting(name, true)}, which is null
 * where the server has no such setting.
 */
final class ServerSettings extends SessionSettings {

    static EngineSupport.AutoCloseableSql apply(Connection connection, Duration lockWait) throws SQLException {
        return new ServerSettings().apply(connection, wanted(lockWait));
    }

    /** The same limits as the statements a script starts with, for the settings this server has. */
    static List<String> script(Connection connection, Duration lockWait) throws SQLException {
        return new ServerSettings().script(connection, wanted(lockWait));
    }

    /**
     * For a backfill's batches: {@code synchronous_commit = off}, so that a batch's commit does not
     * wait for its WAL to reach the disk (and a synchronous standby). Safe because WAL is written in
     * order: a server that crashes loses at most the last batches' values, whose rows are NULL again
     * and filled by the rerun, and any later commit that waits (the history's, the application's)
     * flushes theirs first.
     */
    static EngineSupport.AutoCloseableSql batches(Connection connection) throws SQLException {
        return new ServerSettings().apply(connection, Map.of("synchronous_commit", "off"));
    }

    private static Map<String, String> wanted(Duration lockWait) {
        Map<String, String> wanted = new LinkedHashMap<>();
        wanted.put("statement_timeout", "0");
        wanted.put("transaction_timeout", "0");
        wanted.put("idle_in_transaction_session_timeout", "0");
        wanted.put("idle_session_timeout", "0");
        wanted.put("lock_timeout", Long.toString(Math.max(1, lockWait.toMillis())));
        return wanted;
    }

    @Override
    protected String read(Connection connection, String name) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT current_setting(?, true)")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    @Override
    protected String statement(String name, String value) {
        return "set " + name + " = " + value;
    }

    @Override
    protected void write(Connection connection, String name, String value) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT set_config(?, ?, false)")) {
            ps.setString(1, name);
            ps.setString(2, value);
            ps.execute();
        }
    }
}
