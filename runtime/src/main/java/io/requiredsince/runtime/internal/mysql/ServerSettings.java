package io.requiredsince.runtime.internal.mysql;

import io.requiredsince.runtime.internal.EngineSupport;
import io.requiredsince.runtime.internal.SessionSettings;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The MySQL and MariaDB limits a run works under: no statement time limit ({@code max_statement_time}
 * on MariaDB, {@code max_execution_time} on MySQL, also when set per user), an idle limit of eight
 * hours ({@code wait_timeout}, so a pause between batches never ends the session that holds the
 * lock), and row and metadata lock waits bounded by the run's DDL lock wait in whole seconds
 * ({@code innodb_lock_wait_timeout}, {@code lock_wait_timeout}); on a Galera node, causal reads
 * ({@code wsrep_sync_wait = 1}). Every one of these is a number.
 */
final class ServerSettings extends SessionSettings {

    private static final Pattern NUMBER = Pattern.compile("[0-9]+(\\.[0-9]+)?");

    static EngineSupport.AutoCloseableSql apply(Connection connection, Duration lockWait, boolean galera)
            throws SQLException {
        Map<String, String> wanted = wanted(lockWait);
        if (galera) {
            // On a Galera node, a read waits until the node applied what the cluster committed before it:
            // the history another node's migrator wrote a moment ago is seen.
            wanted.put("wsrep_sync_wait", "1");
        }
        return new ServerSettings().apply(connection, wanted);
    }

    /**
     * The same limits as the statements a script starts with, for the variables this server has,
     * and the strict {@code sql_mode} under which the script's MODIFY refuses a NULL instead of
     * writing 0 or ''.
     */
    static List<String> script(Connection connection, Duration lockWait) throws SQLException {
        List<String> statements = new ArrayList<>(new ServerSettings().script(connection, wanted(lockWait)));
        statements.add("SET SESSION sql_mode = CONCAT_WS(',', NULLIF(@@SESSION.sql_mode, ''), 'STRICT_ALL_TABLES')");
        return statements;
    }

    private static Map<String, String> wanted(Duration lockWait) {
        String seconds = Long.toString(Math.max(1, (lockWait.toMillis() + 999) / 1000));
        Map<String, String> wanted = new LinkedHashMap<>();
        wanted.put("max_statement_time", "0");
        wanted.put("max_execution_time", "0");
        wanted.put("wait_timeout", "28800");
        wanted.put("innodb_lock_wait_timeout", seconds);
        wanted.put("lock_wait_timeout", seconds);
        return wanted;
    }

    @Override
    protected String read(Connection connection, String name) throws SQLException {
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SHOW SESSION VARIABLES LIKE '" + name + "'")) {
            return rs.next() ? rs.getString(2) : null;
        }
    }

    @Override
    protected void write(Connection connection, String name, String value) throws SQLException {
        if (!NUMBER.matcher(value).matches()) {
            throw new SQLException("Session variable " + name + " holds " + value + ", not a number: not set back");
        }
        try (Statement st = connection.createStatement()) {
            st.execute(statement(name, value));
        }
    }

    @Override
    protected String statement(String name, String value) {
        return "SET SESSION " + name + " = " + value;
    }
}
