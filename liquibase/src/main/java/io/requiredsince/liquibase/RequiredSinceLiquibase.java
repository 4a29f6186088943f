package io.requiredsince.liquibase;

import io.requiredsince.runtime.Migrator;
import java.util.HashMap;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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

    /** The pools applications registered, by the URL and user their connections report. */
    private static final Map<String, Registered> REGISTERED = new ConcurrentHashMap<>();

    /** A registered pool and the settings for the migrators of the changes that run on it. */
    record Registered(DataSource dataSource, UnaryOperator<Migrator.Builder> settings) {
    }

    private RequiredSinceLiquibase() {
    }

    /**
     * Makes every change whose Liquibase connection leads to the database of {@code dataSource} (the
     * same URL and user) run on it, with migrators that {@code settings} configures, where the scope
     * gives none: for a framework that runs Liquibase on the application's pool in code it does not
     * let the application wrap (the Spring Boot starter registers the pool of Boot's Liquibase).
     *
     * @throws IllegalStateException when no connection of {@code dataSource} can be had to read where it leads
     */
    public static void register(DataSource dataSource, UnaryOperator<Migrator.Builder> settings) {
        REGISTERED.put(key(dataSource), new Registered(dataSource, Objects.requireNonNull(settings, "settings")));
    }

    /** Forgets {@code dataSource}, registered before (when its application stops). */
    public static void unregister(DataSource dataSource) {
        REGISTERED.values().removeIf(r -> r.dataSource() == dataSource);
    }

    /** The pool registered for a connection to {@code url} as {@code user}, or null. */
    static Registered registered(String url, String user) {
        return REGISTERED.get(url + "\u0000" + user);
    }

    private static String key(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            DatabaseMetaData meta = c.getMetaData();
            return meta.getURL() + "\u0000" + meta.getUserName();
        } catch (SQLException e) {
            throw new IllegalStateException("requiredsince could not read where the DataSource leads: " + e.getMessage(), e);
        }
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
