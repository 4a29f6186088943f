package io.requiredsince.runtime.internal.postgres;

import io.requiredsince.runtime.internal.DdlSession;
import io.requiredsince.runtime.internal.Target;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** PostgreSQL's {@code lock_timeout} for one DDL statement, and the sessions holding the table from {@code pg_locks}. */
class LockTimeout implements DdlSession {

    private static final ServerSettings SESSION = new ServerSettings();

    @Override
    public String limitLockWait(Connection connection, Duration timeout) throws SQLException {
        String previous = SESSION.read(connection, "lock_timeout");
        SESSION.write(connection, "lock_timeout", Long.toString(Math.max(1, timeout.toMillis())));
        return previous;
    }

    @Override
    public void restore(Connection connection, String previous) throws SQLException {
        SESSION.write(connection, "lock_timeout", previous);
    }

    @Override
    public String blockers(Connection connection, Target target) {
        List<String> found = new ArrayList<>();
        String q = "SELECT a.pid, a.usename, a.state, a.xact_start, left(a.query, 80) FROM pg_stat_activity a"
                + " WHERE a.pid <> pg_backend_pid() AND a.pid IN (SELECT l.pid FROM pg_locks l"
                + " WHERE l.relation = to_regclass(?))";
        try (PreparedStatement ps = connection.prepareStatement(q)) {
            ps.setString(1, PostgresSupport.regclass(target));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add("pid " + rs.getString(1) + " (user " + rs.getString(2) + ", " + rs.getString(3)
                            + " since " + rs.getString(4)
                            + (rs.getString(5) == null ? "" : ", last query: " + rs.getString(5)) + ")");
                }
            }
        } catch (SQLException ex) {
            return "(could not be read: " + ex.getMessage() + ")";
        }
        return found.isEmpty() ? "none any more" : String.join("; ", found);
    }
}
