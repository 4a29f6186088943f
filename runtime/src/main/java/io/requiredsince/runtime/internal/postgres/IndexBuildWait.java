package io.requiredsince.runtime.internal.postgres;

import io.requiredsince.runtime.internal.Target;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The wait of {@code CREATE INDEX CONCURRENTLY} (and {@code DROP INDEX CONCURRENTLY}): bounded by
 * {@code lock_timeout} like any DDL, but what it waits for is every transaction of the database that
 * was open when it started, not only the table's lock holders; those are the blockers it names.
 */
final class IndexBuildWait extends LockTimeout {

    private static final String OPEN = "SELECT a.pid, a.application_name, a.state, a.xact_start, left(a.query, 80)"
            + " FROM pg_stat_activity a WHERE a.datname = current_database() AND a.pid <> pg_backend_pid()"
            + " AND a.xact_start IS NOT NULL AND a.backend_type = 'client backend'";

    @Override
    public String blockers(Connection connection, Target target) {
        try {
            String found = describe(connection, OPEN + " ORDER BY a.xact_start LIMIT 5", null);
            return found == null ? "none any more" : "open transactions the build waits for: " + found;
        } catch (SQLException ex) {
            return "(could not be read: " + ex.getMessage() + ")";
        }
    }

    /**
     * The sessions that have sat idle inside a transaction for longer than {@code wait}: a build that
     * timed out waiting on them will wait on them again, since they wait for their own client. Null
     * when there are none.
     */
    String idleThroughout(Connection connection, Duration wait) throws SQLException {
        return describe(connection, OPEN + " AND a.state LIKE 'idle in transaction%'"
                + " AND a.state_change < clock_timestamp() - make_interval(secs => ?) ORDER BY a.xact_start LIMIT 5",
                wait.toMillis() / 1000.0);
    }

    private static String describe(Connection connection, String query, Double seconds) throws SQLException {
        List<String> found = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(query)) {
            if (seconds != null) {
                ps.setDouble(1, seconds);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String app = rs.getString(2);
                    found.add("pid " + rs.getString(1) + (app == null || app.isEmpty() ? "" : " ('" + app + "')")
                            + ", " + rs.getString(3) + ", transaction open since " + rs.getString(4)
                            + (rs.getString(5) == null || rs.getString(5).isEmpty() ? ""
                                    : ", last query: " + rs.getString(5)));
                }
            }
        }
        return found.isEmpty() ? null : String.join("; ", found);
    }
}
