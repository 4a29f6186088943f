package io.requiredsince.runtime;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.h2.api.Trigger;

/** H2 runs triggers written in Java: this one records each inserted organization's id in {@code audit}. */
public final class H2AuditTrigger implements Trigger {

    @Override
    public void fire(Connection connection, Object[] oldRow, Object[] newRow) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("INSERT INTO audit (org_id) VALUES (?)")) {
            ps.setObject(1, newRow[0]);
            ps.executeUpdate();
        }
    }
}
