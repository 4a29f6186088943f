package io.requiredsince.liquibase;

import io.requiredsince.runtime.Migrator;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import liquibase.Scope;
import liquibase.configuration.ConfigurationValueConverter;
import liquibase.configuration.ConfiguredValue;
import liquibase.configuration.LiquibaseConfiguration;
import liquibase.database.Database;
import liquibase.database.DatabaseConnection;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.CustomChangeException;

/**
 * The database Liquibase is connected to, as requiredsince's change reaches it. The migrator needs
 * connections of its own (it holds its lock on one and commits per batch on another), so it gets
 * the application's {@code DataSource} from the scope ({@link RequiredSinceLiquibase#DATA_SOURCE}),
 * else the one an application registered for this database ({@link RequiredSinceLiquibase#register}),
 * else opens new connections to where Liquibase's connection leads.
 */
final class LiquibaseConnection {

    /** Liquibase's key for the password it connects with, wherever it was given. */
    private static final String PASSWORD = "liquibase.command.password";

    private final Connection connection;
    private final DataSource supplied;
    private final String url;
    private final String user;
    private final UnaryOperator<Migrator.Builder> registeredSettings;

    private LiquibaseConnection(Connection connection, DataSource supplied, String url, String user,
                                UnaryOperator<Migrator.Builder> registeredSettings) {
        this.connection = connection;
        this.supplied = supplied;
        this.url = url;
        this.user = user;
        this.registeredSettings = registeredSettings;
    }

    /** The settings of the pool an application registered for this database, or null. */
    UnaryOperator<Migrator.Builder> registeredSettings() {
        return registeredSettings;
    }

    /** Liquibase's connection to {@code database}, which must be a JDBC one (not an offline changelog). */
    static LiquibaseConnection of(Database database) throws CustomChangeException {
        DatabaseConnection c = database.getConnection();
        if (!(c instanceof JdbcConnection jdbc) || jdbc.getWrappedConnection() == null) {
            throw new CustomChangeException("requiredsince needs a JDBC connection to the database; Liquibase has "
                    + (c == null ? "none" : c.getClass().getSimpleName() + " (" + c.getURL() + ")"));
        }
        DataSource supplied = Scope.getCurrentScope().get(RequiredSinceLiquibase.DATA_SOURCE, DataSource.class);
        try {
            DatabaseMetaData meta = jdbc.getWrappedConnection().getMetaData();
            RequiredSinceLiquibase.Registered registered = supplied != null ? null
                    : RequiredSinceLiquibase.registered(meta.getURL(), meta.getUserName());
            return new LiquibaseConnection(jdbc.getWrappedConnection(),
                    registered != null ? registered.dataSource() : supplied, meta.getURL(), meta.getUserName(),
                    registered != null ? registered.settings() : null);
        } catch (SQLException e) {
            throw new CustomChangeException("requiredsince could not read where Liquibase's connection leads: "
                    + e.getMessage(), e);
        }
    }

    /**
     * A migrator for this database: on the scope's {@code DataSource}, else on new connections to the
     * URL of Liquibase's connection as its user, with the password Liquibase is configured with.
     */
    Migrator.Builder migrator(ClassLoader drivers) {
        if (supplied != null) {
            return Migrator.configure(supplied);
        }
        ConfiguredValue<String> password = Scope.getCurrentScope().getSingleton(LiquibaseConfiguration.class)
                .getCurrentConfiguredValue(ConfigurationValueConverter.STRING, null, PASSWORD);
        return Migrator.configure(url, user, password.found() ? password.getValue() : null, drivers);
    }

    /** What to tell a user whose migrator could not connect. */
    String connectionHint() {
        return supplied != null ? "requiredsince connects through the DataSource given as " + RequiredSinceLiquibase.DATA_SOURCE
                : "requiredsince opens connections of its own to " + JdbcConnection.sanitizeUrl(url)
                + (user == null ? "" : " as " + user) + ": where the database asks for a password that only Liquibase's"
                + " connection was given, configure it as " + PASSWORD + " (--password, LIQUIBASE_COMMAND_PASSWORD)"
                + " or run Liquibase in Scope.child(RequiredSinceLiquibase.scope(dataSource), …)";
    }

    /**
     * Commits Liquibase's open transaction: nothing of it may stay open while the migrator runs. On
     * SQLite it would keep the database locked against the migrator's writes; on PostgreSQL an open
     * transaction with a snapshot makes {@code CREATE INDEX CONCURRENTLY} wait for it.
     */
    void endTransaction() throws SQLException {
        if (!connection.getAutoCommit()) {
            connection.commit();
        }
    }
}
