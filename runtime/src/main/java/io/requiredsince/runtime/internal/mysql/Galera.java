package io.requiredsince.runtime.internal.mysql;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * What a MariaDB Galera node tells: whether it replicates ({@code wsrep_on}), and the limits of one
 * write set, which a batch must stay within or the node refuses its commit ({@code wsrep_max_ws_rows},
 * 0 for none).
 */
final class Galera {

    private Galera() {
    }

    /** Whether the server is a node of a Galera cluster. MySQL, and MariaDB without Galera, are not. */
    static boolean on(Connection connection) throws SQLException {
        return "ON".equalsIgnoreCase(variable(connection, "wsrep_on"));
    }

    /** The most rows one transaction may write, 0 for no limit. */
    static long maxWriteSetRows(Connection connection) throws SQLException {
        String rows = variable(connection, "wsrep_max_ws_rows");
        try {
            return rows == null ? 0 : Long.parseLong(rows.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String variable(Connection connection, String name) throws SQLException {
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SHOW GLOBAL VARIABLES LIKE '" + name + "'")) {
            return rs.next() ? rs.getString(2) : null;
        }
    }
}
