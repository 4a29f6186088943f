package io.requiredsince.runtime.internal;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A {@code DataSource} for a JDBC URL, for a migrator run outside an application (the command
 * line, the Maven plugin). The driver is the one that accepts the URL among those on the given
 * class loader (the application's classpath, which {@link DriverManager} does not see from a
 * plugin's class loader), else {@link DriverManager}'s.
 */
public final class UrlDataSource implements DataSource {

    private final String url;
    private final Properties properties;
    private final ClassLoader drivers;

    /**
     * @param url the JDBC URL
     * @param user the user, or null when the URL names one
     * @param password the password, or null
     * @param drivers where to look for the driver first
     */
    public UrlDataSource(String url, String user, String password, ClassLoader drivers) {
        this.url = url;
        this.properties = new Properties();
        if (user != null && !user.isEmpty()) {
            properties.setProperty("user", user);
        }
        if (password != null && !password.isEmpty()) {
            properties.setProperty("password", password);
        }
        this.drivers = drivers;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return connect(properties);
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
        Properties p = new Properties();
        p.putAll(properties);
        p.setProperty("user", user);
        p.setProperty("password", password);
        return connect(p);
    }

    private Connection connect(Properties p) throws SQLException {
        for (Driver driver : ServiceLoader.load(Driver.class, drivers)) {
            if (driver.acceptsURL(url)) {
                Connection c = driver.connect(url, p);
                if (c != null) {
                    return c;
                }
            }
        }
        return DriverManager.getConnection(url, p);
    }

    @Override
    public String toString() {
        return url;
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
    }

    @Override
    public void setLoginTimeout(int seconds) {
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        throw new SQLException("Not a wrapper of " + type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return false;
    }
}
