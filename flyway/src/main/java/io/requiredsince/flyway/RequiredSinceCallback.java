package io.requiredsince.flyway;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * Before Flyway validates or migrates: refuses a version that is both one of Flyway's migrations and a
 * requiredsince step, naming both; and removes Flyway's record of a failed requiredsince step. Such a
 * step changed the schema only along its guarded road and its own history says where it stopped, so
 * running it again resumes it; Flyway would otherwise refuse every migration until {@code repair}.
 */
final class RequiredSinceCallback implements Callback {

    private static final System.Logger LOG = System.getLogger("io.requiredsince.flyway");

    @Override
    public boolean supports(Event event, Context context) {
        return event == Event.BEFORE_VALIDATE || event == Event.BEFORE_MIGRATE;
    }

    @Override
    public boolean canHandleInTransaction(Event event, Context context) {
        return true;
    }

    @Override
    public void handle(Event event, Context context) {
        refuseSharedVersions(context.getConfiguration());
        resumeFailed(context);
    }

    /**
     * Flyway's own message for two migrations of one version names only where requiredsince's classes
     * are: this one names the SQL migration and the fields of the step.
     */
    private static void refuseSharedVersions(Configuration configuration) {
        Map<String, RequiredSinceMigration> ours = new HashMap<>();
        List<JavaMigration> others = new ArrayList<>();
        for (JavaMigration m : configuration.getJavaMigrations()) {
            if (m instanceof RequiredSinceMigration step && step.getVersion() != null) {
                ours.put(step.getVersion().getVersion(), step);
            } else {
                others.add(m);
            }
        }
        if (ours.isEmpty()) {
            return;
        }
        Flyway withoutOurs = Flyway.configure(configuration.getClassLoader()).configuration(configuration)
                .javaMigrations(others.toArray(JavaMigration[]::new)).callbacks(new Callback[0]).load();
        List<String> shared = new ArrayList<>();
        for (MigrationInfo info : withoutOurs.info().all()) {
            RequiredSinceMigration step = info.getVersion() == null ? null : ours.get(info.getVersion().getVersion());
            if (step != null && !RequiredSinceMigration.class.getName().equals(info.getScript())) {
                shared.add("version " + info.getVersion() + " is both Flyway's " + info.getScript() + " and requiredsince's "
                        + step.columns());
            }
        }
        if (!shared.isEmpty()) {
            throw new FlywayException("Two migrations of one version: " + String.join("; ", shared)
                    + ". Flyway runs one migration per version: give the @RequiredSince fields another version,"
                    + " or the SQL migration another file name (V2_1__…)");
        }
    }

    private static void resumeFailed(Context context) {
        Connection connection = context.getConnection();
        Configuration configuration = context.getConfiguration();
        try {
            String table = historyTable(connection, configuration);
            boolean autoCommit = connection.getAutoCommit();
            Savepoint savepoint = autoCommit ? null : connection.setSavepoint();
            int removed;
            try (PreparedStatement ps = connection.prepareStatement(
                    "delete from " + table + " where script = ? and success = ?")) {
                ps.setString(1, RequiredSinceMigration.class.getName());
                ps.setBoolean(2, false);
                removed = ps.executeUpdate();
            } catch (SQLException absent) {
                // No history table yet (a fresh database): nothing can have failed.
                if (savepoint != null) {
                    connection.rollback(savepoint);
                }
                return;
            }
            if (removed > 0) {
                LOG.log(System.Logger.Level.INFO, "Flyway recorded " + removed + " requiredsince step(s) as failed in "
                        + table + ": record removed, the step resumes where it stopped");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("requiredsince could not read Flyway's history table: " + e.getMessage(), e);
        }
    }

    private static String historyTable(Connection connection, Configuration configuration) throws SQLException {
        String quote = connection.getMetaData().getIdentifierQuoteString().trim();
        String schema = configuration.getDefaultSchema();
        if (schema == null && configuration.getSchemas().length > 0) {
            schema = configuration.getSchemas()[0];
        }
        String table = quote + configuration.getTable().replace(quote, quote + quote) + quote;
        return schema == null ? table : quote + schema.replace(quote, quote + quote) + quote + "." + table;
    }

    @Override
    public String getCallbackName() {
        return "requiredsince";
    }
}
