package io.requiredsince.flyway;

import io.requiredsince.runtime.Migration;
import io.requiredsince.runtime.MigrationVersion;
import io.requiredsince.runtime.Migrator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * The {@code @RequiredSince} migrations as steps of Flyway's own versioned sequence.
 *
 * <pre>{@code
 * Flyway flyway = RequiredSinceFlyway.configure(Flyway.configure().dataSource(dataSource)).load();
 * flyway.migrate();   // V1__schema.sql, then requiredsince's version 2, then V3__index.sql
 * }</pre>
 *
 * <p>Each version of the {@code @RequiredSince} fields becomes one {@link JavaMigration} of that
 * version in Flyway's numbering (all fields of that version together, in {@link Migrator#ORDER}); the
 * fields without a version become one repeatable migration, which Flyway runs after the versioned
 * ones. Each step runs a {@link Migrator} on Flyway's {@code DataSource} up to its version, outside
 * Flyway's transaction, so it takes the same lock-safe road as {@code Migrator.migrate()}.
 *
 * <p>Two histories, one truth each: Flyway's records that the step of version 2 ran, with a checksum
 * of the definitions it applies (Flyway's validate reports an edited one); requiredsince's history
 * records each column's state (expanded, completed, rows, timings), and decides what a step does.
 * A step that failed resumes where it stopped: {@link #callback()} (added by {@link #configure})
 * removes Flyway's record of a failed requiredsince step, so no {@code flyway repair} is needed.
 */
public final class RequiredSinceFlyway {

    private RequiredSinceFlyway() {
    }

    /** One migration per version of the migrations registered on the context class loader, default settings. */
    public static JavaMigration[] javaMigrations() {
        return javaMigrations(Thread.currentThread().getContextClassLoader(), UnaryOperator.identity());
    }

    /**
     * One migration per version of the migrations registered on {@code classLoader}, each run by a
     * migrator that {@code settings} configures (timeouts, batches, {@code completeImmediately}…).
     */
    public static JavaMigration[] javaMigrations(ClassLoader classLoader, UnaryOperator<Migrator.Builder> settings) {
        return javaMigrations(Migrator.registered(classLoader), settings);
    }

    /** One migration per version of {@code migrations}, each run by a migrator that {@code settings} configures. */
    public static JavaMigration[] javaMigrations(Collection<? extends Migration> migrations,
                                                 UnaryOperator<Migrator.Builder> settings) {
        Objects.requireNonNull(settings, "settings");
        List<Migration> all = new ArrayList<>(migrations);
        all.sort(Migrator.ORDER);
        Map<MigrationVersion, List<Migration>> byVersion = new TreeMap<>();
        for (Migration m : all) {
            byVersion.computeIfAbsent(m.version(), v -> new ArrayList<>()).add(m);
        }
        List<Migration> known = List.copyOf(all);
        return byVersion.entrySet().stream()
                .map(e -> new RequiredSinceMigration(e.getKey(), e.getValue(), known, settings))
                .toArray(JavaMigration[]::new);
    }

    /**
     * The callback that lets a failed requiredsince step resume at the next {@code migrate()}: before
     * Flyway validates or migrates, it removes Flyway's record of a failed requiredsince step (Flyway
     * keeps one where the database cannot roll DDL back, as MySQL and MariaDB). Nothing else is
     * touched: a failed SQL migration still needs {@code flyway repair}. It also refuses a version
     * that is both a Flyway migration and a requiredsince step, naming the file and the fields.
     */
    public static Callback callback() {
        return new RequiredSinceCallback();
    }

    /** Adds the migrations registered on the context class loader, and {@link #callback()}, to {@code configuration}. */
    public static FluentConfiguration configure(FluentConfiguration configuration) {
        return configure(configuration, UnaryOperator.identity());
    }

    /**
     * Adds the migrations registered on the configuration's class loader, each run by a migrator that
     * {@code settings} configures, and {@link #callback()}, to {@code configuration}; the Java
     * migrations and callbacks it has already are kept. On PostgreSQL it makes Flyway take its lock
     * for the session ({@code flyway.postgresql.transactional.lock=false}): Flyway's transactional
     * lock keeps a transaction open through each step, and the final pass of an expression backfill
     * then scans its table under lock instead of building an index concurrently.
     */
    public static FluentConfiguration configure(FluentConfiguration configuration,
                                                UnaryOperator<Migrator.Builder> settings) {
        JavaMigration[] ours = javaMigrations(configuration.getClassLoader(), settings);
        List<JavaMigration> java = new ArrayList<>(Arrays.asList(configuration.getJavaMigrations()));
        java.addAll(Arrays.asList(ours));
        List<Callback> callbacks = new ArrayList<>(Arrays.asList(configuration.getCallbacks()));
        callbacks.add(callback());
        FlywayPostgres.useSessionLock(configuration);
        return configuration.javaMigrations(java.toArray(JavaMigration[]::new))
                .callbacks(callbacks.toArray(Callback[]::new));
    }
}
