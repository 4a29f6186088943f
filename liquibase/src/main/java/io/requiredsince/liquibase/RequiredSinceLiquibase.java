package io.requiredsince.liquibase;

import io.requiredsince.runtime.Migrator;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;

/**
 * What an application hands {@link RequiredSinceChange} through Liquibase's {@code Scope}: the
 * {@code DataSource} its migrator opens connections from, and settings for that migrator.
 *
 * <pre>{@code
 * Scope.child(RequiredSinceLiquibase.scope(dataSource), () ->
 *         new CommandScope("update").addArgumentValue("database", database)
 *                 .addArgumentValue("changelogFile", "db/changelog.xml").execute());
 * }</pre>
 *
 * <p>Without a {@code DataSource} in the scope the change opens connections of its own to the URL
 * of Liquibase's connection, as its user, with the password that Liquibase is configured with
 * ({@code --password}, {@code LIQUIBASE_COMMAND_PASSWORD}, {@code liquibase.properties}) or that
 * the URL carries. An application whose pool knows the password gives the pool instead; the
 * migrator takes up to two of its connections (its work and, on most engines, its lock) besides the
 * one Liquibase holds.
 */
public final class RequiredSinceLiquibase {

    /** The scope key of the {@link DataSource} the change's migrator uses. */
    public static final String DATA_SOURCE = "io.requiredsince.liquibase.dataSource";

    /**
     * The scope key of a {@code UnaryOperator<Migrator.Builder>} applied to the migrator of every
     * change in the scope, before the settings a changeset gives as parameters of the change.
     */
    public static final String SETTINGS = "io.requiredsince.liquibase.settings";

    private RequiredSinceLiquibase() {
    }

    /** Scope values that make the changes run on {@code dataSource}, for {@code Scope.child(...)}. */
    public static Map<String, Object> scope(DataSource dataSource) {
        return scope(Objects.requireNonNull(dataSource, "dataSource"), UnaryOperator.identity());
    }

    /**
     * Scope values that make the changes run on {@code dataSource} (null: on connections of their
     * own, as without it) with migrators that {@code settings} configures (timeouts, batches…).
     */
    public static Map<String, Object> scope(DataSource dataSource, UnaryOperator<Migrator.Builder> settings) {
        Map<String, Object> values = new HashMap<>();
        if (dataSource != null) {
            values.put(DATA_SOURCE, dataSource);
        }
        values.put(SETTINGS, Objects.requireNonNull(settings, "settings"));
        return values;
    }
}
