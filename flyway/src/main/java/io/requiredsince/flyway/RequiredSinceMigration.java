package io.requiredsince.flyway;

import io.requiredsince.runtime.Migration;
import io.requiredsince.runtime.MigrationVersion;
import io.requiredsince.runtime.Migrator;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * The requiredsince migrations of one version as one Flyway step; those without a version as one
 * repeatable step. Its checksum is that of the definitions, so Flyway's validate sees an edit.
 */
final class RequiredSinceMigration implements JavaMigration {

    private static final System.Logger LOG = System.getLogger("io.requiredsince.flyway");

    /** Flyway's history holds at most 200 characters of description. */
    private static final int DESCRIPTION_MAX = 200;

    private final MigrationVersion version;
    private final List<Migration> migrations;
    private final List<Migration> known;
    private final UnaryOperator<Migrator.Builder> settings;

    RequiredSinceMigration(MigrationVersion version, List<Migration> migrations, List<Migration> known,
                           UnaryOperator<Migrator.Builder> settings) {
        this.version = version;
        this.migrations = List.copyOf(migrations);
        this.known = known;
        this.settings = settings;
    }

    @Override
    public org.flywaydb.core.api.MigrationVersion getVersion() {
        return version.isNone() ? null : org.flywaydb.core.api.MigrationVersion.fromVersion(version.toString());
    }

    /** The columns it makes required, {@code owners.handle, pets.kind}. */
    String columns() {
        return migrations.stream().map(Migration::script).collect(Collectors.joining(", "));
    }

    @Override
    public String getDescription() {
        String d = "requiredsince " + columns();
        return d.length() <= DESCRIPTION_MAX ? d : d.substring(0, DESCRIPTION_MAX - 1) + "…";
    }

    @Override
    public Integer getChecksum() {
        int sum = 17;
        for (Migration m : migrations) {
            sum = 31 * sum + m.script().hashCode();
            sum = 31 * sum + m.checksum();
        }
        return sum;
    }

    /**
     * Outside Flyway's transaction: the strategy commits per batch and runs statements PostgreSQL
     * refuses inside one ({@code CREATE INDEX CONCURRENTLY}). Its own history makes it resumable.
     */
    @Override
    public boolean canExecuteInTransaction() {
        return false;
    }

    @Override
    public void migrate(Context context) {
        DataSource dataSource = context.getConfiguration().getDataSource();
        if (dataSource == null) {
            throw new FlywayException("requiredsince needs Flyway's DataSource to run version " + version
                    + ": configure Flyway with dataSource(...) or url/user/password");
        }
        Migrator.Builder builder = settings.apply(Migrator.configure(dataSource).migrations(known));
        if (!version.isNone()) {
            builder.target(version.toString());
        }
        if (onPostgres(context) && FlywayPostgres.transactionalLock(context.getConfiguration())) {
            // Flyway's transaction stays open through this step: an index built concurrently would wait for it.
            LOG.log(System.Logger.Level.INFO, "Flyway holds its PostgreSQL lock in a transaction"
                    + " (flyway.postgresql.transactional.lock=true): requiredsince's final pass scans under its lock"
                    + " instead of building an index concurrently; RequiredSinceFlyway.configure(...) uses the session lock");
            builder.finalPassIndex(false);
        }
        builder.load().migrate();
    }

    private static boolean onPostgres(Context context) {
        try {
            Connection connection = context.getConnection();
            return connection != null && "PostgreSQL".equals(connection.getMetaData().getDatabaseProductName());
        } catch (SQLException e) {
            throw new FlywayException("requiredsince could not read the database of Flyway's connection: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return (version.isNone() ? "repeatable" : "version " + version) + ": " + getDescription();
    }
}
