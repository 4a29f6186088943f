package io.requiredsince.runtime.internal.mysql;

import io.requiredsince.runtime.internal.DdlSession;
import io.requiredsince.runtime.internal.Target;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** MySQL's and MariaDB's {@code lock_wait_timeout} (metadata locks) for one DDL statement, and who is in the database. */
final class LockWaitTimeout implements DdlSession {

    @Override
    public String limitLockWait(Connection connection, Duration timeout) throws SQLException {
        try (Statement st = connection.createStatement()) {
            String previous;
            try (ResultSet rs = st.executeQuery("SELECT @@SESSION.lock_wait_timeout")) {
                rs.next();
                previous = rs.getString(1);
            }
            // Whole seconds, at least one: MySQL's lower bound.
            st.execute("SET SESSION lock_wait_timeout = " + Math.max(1, (timeout.toMillis() + 999) / 1000));
            return previous;
        }
    }

    @Override
    public void restore(Connection connection, String previous) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SET SESSION lock_wait_timeout = ?")) {
            ps.setLong(1, Long.parseLong(previous.trim().replaceFirst("\\..*", "")));
            ps.execute();
        }
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
