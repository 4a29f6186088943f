package io.requiredsince.runtime;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/** A DataSource whose every connection first runs a session setting, e.g. a statement timeout. */
record InitDataSource(DataSource delegate, String init) implements SimpleDataSource {

    @Override
    public Connection getConnection() throws SQLException {
        Connection c = delegate.getConnection();
        try (Statement s = c.createStatement()) {
            s.execute(init);
        }
        return c;
    }
}
