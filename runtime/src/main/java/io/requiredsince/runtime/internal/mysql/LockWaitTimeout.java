package io.requiredsince.runtime.internal.mysql;

import io.requiredsince.runtime.internal.DdlSession;
import io.requiredsince.runtime.internal.Target;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** MySQL's and MariaDB's {@code lock_wait_timeout} (metadata locks) for one DDL statement, and who is in the database. */
final class LockWaitTimeout implements DdlSession {

    private static final ServerSettings SESSION = new ServerSettings();

    @Override
    public String limitLockWait(Connection connection, Duration timeout) throws SQLException {
        String previous = SESSION.read(connection, "lock_wait_timeout");
        // Whole seconds, at least one: MySQL's lower bound.
        SESSION.write(connection, "lock_wait_timeout", Long.toString(Math.max(1, (timeout.toMillis() + 999) / 1000)));
        return previous;
    }

    @Override
    public void restore(Connection connection, String previous) throws SQLException {
        SESSION.write(connection, "lock_wait_timeout", previous);
    }

    @Override
    public String blockers(Connection connection, Target target) {
        List<String> found = new ArrayList<>();
        String q = "SELECT p.ID, p.USER, p.COMMAND, p.TIME, LEFT(p.INFO, 80) FROM information_schema.PROCESSLIST p"
                + " WHERE p.ID <> CONNECTION_ID() AND p.DB = COALESCE(?, DATABASE())";
        try (PreparedStatement ps = connection.prepareStatement(q)) {
            ps.setString(1, target.schema());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add("connection " + rs.getString(1) + " (user " + rs.getString(2) + ", " + rs.getString(3)
                            + ", " + rs.getString(4) + " s"
                            + (rs.getString(5) == null ? "" : ", last query: " + rs.getString(5)) + ")");
                }
            }
        } catch (SQLException ex) {
            return "(could not be read: " + ex.getMessage() + ")";
        }
        return found.isEmpty() ? "none any more" : String.join("; ", found);
    }
}
