package io.requiredsince.runtime;

import io.requiredsince.runtime.internal.MigrationLoader;
import io.requiredsince.runtime.internal.Listing;
import io.requiredsince.runtime.internal.MigrationRunner;
import io.requiredsince.runtime.internal.RunSettings;
import io.requiredsince.runtime.internal.UrlDataSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Applies the {@code @RequiredSince} migrations to a database.
 *
 * <pre>{@code
 * MigrationReport report = Migrator.create(dataSource).migrate();
 * }</pre>
 *
 * <p>Migrations run in version order ({@code 2 < 2.1 < 10}); those without a version run after all
 * versioned ones, ordered by {@code [schema.]table.column}. Every step is guarded by the live
 * schema, so running {@link #migrate()} again after any failure continues where the last run
 * stopped, and running it on an up-to-date database changes nothing.
 */
public final class Migrator {

    /** Orders migrations: by version, unversioned last, then by {@code [schema.]table.column}. */
    public static final Comparator<Migration> ORDER =
            Comparator.comparing(Migration::version).thenComparing(Migration::script);

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    private final DataSource dataSource;
    private final List<Migration> migrations;
    private final RunSettings settings;

    private Migrator(Builder b) {
        this.dataSource = b.dataSource;
        List<Migration> found = new ArrayList<>(b.migrations != null ? b.migrations : MigrationLoader.load(b.classLoader));
        found.sort(ORDER);
        this.migrations = List.copyOf(found);
        this.settings = b.settings;
    }

    /** A migrator for the migrations the processor registered on the context class loader. */
    public static Migrator create(DataSource dataSource) {
        return configure(dataSource).load();
    }

    /** Starts configuring a migrator. */
    public static Builder configure(DataSource dataSource) {
        return new Builder(dataSource);
    }

    /**
     * Starts configuring a migrator for the database at a JDBC URL, for a run outside an
     * application (a tool, a job): the driver is the one on {@code drivers} (a tool's view of the
     * application's classpath) that accepts the URL, else {@link java.sql.DriverManager}'s. An
     * application gives its pool's {@code DataSource} instead.
     *
     * @param url the JDBC URL, e.g. {@code jdbc:postgresql://db:5432/app}
     * @param user the user, or null when the URL names one
     * @param password the password, or null
     * @param drivers where to look for the JDBC driver first
     */
    public static Builder configure(String url, String user, String password, ClassLoader drivers) {
        return new Builder(new UrlDataSource(Objects.requireNonNull(url, "url"), user, password, drivers));
    }

    /**
     * The migrations the processor registered on {@code classLoader}, in the order they run, without
     * a database: for a tool that arranges them in a sequence of its own (the Flyway integration).
     */
    public static List<Migration> registered(ClassLoader classLoader) {
        List<Migration> found = new ArrayList<>(MigrationLoader.load(Objects.requireNonNull(classLoader, "classLoader")));
        found.sort(ORDER);
        return List.copyOf(found);
    }

    /** The migrations this migrator knows, in the order they run. */
    public List<Migration> migrations() {
        return migrations;
    }

    /**
     * Applies every pending migration. By default each is <em>expanded</em>: its column is added and
     * backfilled, and an insert that omits it, from the application version still running during a
     * rolling deploy, keeps succeeding and gives the row its value (the column's default for a
     * constant, a fill trigger for an SQL expression; a Java backfill leaves the column nullable).
     * The migration then is {@link MigrationState#EXPANDED} until {@link #complete()}. Before that,
     * each migration an earlier run expanded is completed when a pending one has a higher version
     * (the release after it: no instance older than it runs any more). With
     * {@link Builder#completeImmediately(boolean)} each is applied whole at once, and every expanded
     * one completed.
     *
     * @throws MigrationException when a migration fails: the message names the table, column and
     *     step, and the next call resumes from the live schema
     */
    public MigrationReport migrate() {
        // Nothing to do is told from one read of the history, before the lock and the session settings.
        return MigrationRunner.run(dataSource, migrations, settings, true, MigrationRunner::upToDate,
                MigrationRunner::migrate);
    }

    /**
     * Completes every expanded migration, once no instance of an application version older than the
     * migration runs: fills the rows still NULL, makes the column NOT NULL with the engine's
     * lock-safe road, drops the fill and the temporary default (unless keepDefault), and records it.
     * After it an insert that omits the column fails. Pending migrations are left alone.
     *
     * @throws MigrationException when completing fails: the migration stays expanded, and the next
     *     call resumes from the live schema
     */
    public MigrationReport complete() {
        return withLockedRunner(MigrationRunner::complete);
    }

    /**
     * Compares the history table with the code: applied migrations edited since (naming what
     * changed) and recorded migrations the code no longer has. {@link #migrate()} runs it first and
     * refuses to change anything while it finds something. Changes nothing.
     */
    public ValidationReport validate() {
        return withRunner(MigrationRunner::validate);
    }

    /**
     * Accepts the code as it is: the definitions of edited migrations become the recorded ones, and
     * recorded migrations the code lost are marked {@code REMOVED}. Changes no table but the history.
     *
     * @return what was accepted
     */
    public ValidationReport repair() {
        return withLockedRunner(MigrationRunner::repair);
    }

    /**
     * Reverts the latest applied migration: drops its column if the migration added it (refused when
     * the column holds values other than the backfill, unless {@link Builder#forceUndo(boolean)}), or
     * makes the column nullable again if it existed before. The history records the undo, and the
     * migration is pending again while the code has it.
     */
    public List<UndoResult> undo() {
        return withLockedRunner(r -> r.undo(null, settings.forceUndo()));
    }

    /**
     * Reverts every applied migration whose version is above {@code version}, newest first (see
     * {@link #undo()}). Migrations without a version come after every versioned one, so they are
     * reverted too.
     */
    public List<UndoResult> undo(String version) {
        MigrationVersion downTo = MigrationVersion.parse(Objects.requireNonNull(version, "version"));
        return withLockedRunner(r -> r.undo(downTo, settings.forceUndo()));
    }

    /**
     * The statements {@link #migrate()} would run now, in order. Nothing is changed, not even the
     * history table. Printed, the list is a script: each migration's statements under a comment
     * naming it.
     */
    public List<PlannedStatement> plan() {
        return Listing.of(withRunner(MigrationRunner::plan), PlannedStatement::script);
    }

    /**
     * What {@link #plan()} lists, as a SQL script a DBA can review and run as it is in the engine's
     * client ({@code psql}, {@code mysql}, {@code sqlite3}), in auto-commit: the session limits a run
     * sets, then each migration and step under a comment naming it, values written out and the
     * batched walk one {@code UPDATE} per batch. A migration whose backfill is computed in Java is
     * named and left out (only {@link #migrate()} can run it). Nothing is changed. After the script,
     * {@link #migrate()} finds the columns done and records them.
     */
    public String planScript() {
        return withRunner(MigrationRunner::planScript);
    }

    /**
     * Every migration the history or the code knows: applied, failed and pending. Printed, the list
     * is a table, one line per migration.
     */
    public List<MigrationInfo> info() {
        return Listing.of(withRunner(MigrationRunner::info), MigrationInfo::table);
    }

    // Changes happen under the cross-process migration lock; reads do not wait for it.
    private <T> T withLockedRunner(MigrationRunner.Call<T> call) {
        return MigrationRunner.run(dataSource, migrations, settings, true, call);
    }

    private <T> T withRunner(MigrationRunner.Call<T> call) {
        return MigrationRunner.run(dataSource, migrations, settings, false, call);
    }

    /** Configures a {@link Migrator}. */
    public static final class Builder {
        private final DataSource dataSource;
        private Collection<? extends Migration> migrations;
        private ClassLoader classLoader = Thread.currentThread().getContextClassLoader();
        private RunSettings settings = RunSettings.DEFAULTS;

        private Builder(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        }

        /** Uses these migrations instead of the ones registered for {@link java.util.ServiceLoader}. */
        public Builder migrations(Collection<? extends Migration> migrations) {
            this.migrations = List.copyOf(migrations);
            return this;
        }

        /** The class loader whose {@code META-INF/services} lists the migrations. */
        public Builder classLoader(ClassLoader classLoader) {
            this.classLoader = Objects.requireNonNull(classLoader, "classLoader");
            return this;
        }

        /**
         * The history table, {@code requiredsince_history} by default; {@code "schema.table"} puts it in a
         * schema. Letters, digits and underscores only.
         */
        public Builder historyTable(String name) {
            String[] parts = name.split("\\.", -1);
            if (parts.length > 2 || !IDENTIFIER.matcher(parts[parts.length - 1]).matches()
                    || parts.length == 2 && !IDENTIFIER.matcher(parts[0]).matches()) {
                throw new IllegalArgumentException("Invalid history table name \"" + name
                        + "\": use letters, digits and underscores, optionally \"schema.table\"");
            }
            settings = settings.withHistory(parts.length == 2 ? parts[0] : null, parts[parts.length - 1]);
            return this;
        }

        /** Who hears of every step and backfill batch (rows, total, rate, ETA). */
        public Builder listener(MigrationListener listener) {
            settings = settings.withBackfill(settings.backfill().withListener(Objects.requireNonNull(listener, "listener")));
            return this;
        }

        /**
         * How long {@link Migrator#migrate()} waits for another migrator of the same database and history
         * table to finish (5 minutes by default). A lock is never left behind: it dies with its holder.
         */
        public Builder lockTimeout(Duration timeout) {
            settings = settings.withLockTimeout(requirePositive(timeout, "lockTimeout"));
            return this;
        }

        /**
         * How long one DDL statement may wait for its table lock before it gives up and is retried
         * (5 s by default): PostgreSQL's {@code lock_timeout}, MySQL's and MariaDB's {@code lock_wait_timeout}
         * (whole seconds). Other sessions' queries queue behind a waiting DDL statement at most this long.
         * Every other lock wait of a run is bounded by it too, whatever the database sets: a batch
         * waiting on an application's row locks ({@code innodb_lock_wait_timeout} on MySQL and
         * MariaDB) and the final pass's concurrent index build on PostgreSQL, each retried; and
         * {@link Migrator#undo()}'s statements.
         */
        public Builder ddlLockTimeout(Duration timeout) {
            settings = settings.withDdlLockTimeout(requirePositive(timeout, "ddlLockTimeout"));
            return this;
        }

        /** How many times a DDL statement whose lock wait timed out is retried (10 by default), pausing 0.2 s, 0.4 s… up to 10 s. */
        public Builder ddlLockRetries(int retries) {
            if (retries < 0) {
                throw new IllegalArgumentException("ddlLockRetries must be 0 or more");
            }
            settings = settings.withDdlLockRetries(retries);
            return this;
        }

        /**
         * Makes {@link Migrator#migrate()} expand and complete each migration at once, without a fill,
         * and complete every expanded one (false by default). For one application instance at a time:
         * an embedded database (SQLite, H2), a desktop or batch application, tests. Where several
         * instances run through a deploy, leave it off and call {@link Migrator#complete()} after it,
         * or let the next version's {@code migrate()} complete.
         */
        public Builder completeImmediately(boolean immediately) {
            settings = settings.withCompleteImmediately(immediately);
            return this;
        }

        /**
         * Makes {@link Migrator#migrate()} and {@link Migrator#plan()} apply the pending migrations up to
         * and including this version only; later ones, and those without a version, stay pending. For a
         * run that is one step of another tool's versioned sequence (the Flyway and Liquibase
         * integrations use it). Completion is unchanged: the history still records every version the
         * code knows, so a later release's migrations complete this one's.
         *
         * @throws IllegalArgumentException when {@code version} is not a version ({@code 2}, {@code 2.1})
         */
        public Builder target(String version) {
            if (!MigrationVersion.isValid(version)) {
                throw new IllegalArgumentException("Invalid target version \"" + version
                        + "\": use numbers separated by dots, like 2 or 2.1");
            }
            settings = settings.withTarget(MigrationVersion.parse(version));
            return this;
        }

        /** Lets {@link Migrator#undo()} drop a column that holds values other than the backfill. */
        public Builder forceUndo(boolean force) {
            settings = settings.withForceUndo(force);
            return this;
        }

        private static Duration requirePositive(Duration d, String what) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive");
            }
            return d;
        }

        /**
         * How long one backfill batch should take, 100 ms by default: the batch size adapts to it, so
         * row locks are held that long at most. {@link Duration#ZERO} keeps the size fixed at
         * {@link #batchSize(int)}.
         */
        public Builder batchDuration(Duration duration) {
            settings = settings.withBackfill(settings.backfill().withBatchDuration(duration));
            return this;
        }

        /** The rows of the first backfill batch, 1,000 by default; later batches adapt to {@link #batchDuration}. */
        public Builder batchSize(int rows) {
            settings = settings.withBackfill(settings.backfill().withBatchSize(rows));
            return this;
        }

        /**
         * How long the final pass waits for its table lock before it gives way to the application and
         * tries again (2 s by default; 10 attempts): on PostgreSQL the lock under which the rows written
         * during the backfill are filled and the NOT NULL check is added, on SQLite the busy timeout of a
         * batch. Writers queue behind a waiting lock request at most this long.
         */
        public Builder finalPassLockTimeout(Duration timeout) {
            settings = settings.withBackfill(settings.backfill()
                    .withLockTimeout(requirePositive(timeout, "finalPassLockTimeout")));
            return this;
        }

        /**
         * Whether PostgreSQL's final pass first builds a partial index over the rows still NULL with
         * {@code CREATE INDEX CONCURRENTLY} (true by default), so that its locked pass reads only those
         * rows. Such a build waits for every transaction open in the database: turn it off when a
         * transaction of the caller stays open through {@link Migrator#migrate()} (the Flyway
         * integration does under Flyway's transactional lock). The locked pass then scans the table
         * while writers wait.
         */
        public Builder finalPassIndex(boolean concurrently) {
            settings = settings.withBackfill(settings.backfill().withConcurrentIndex(concurrently));
            return this;
        }

        /**
         * Makes the backfill wait between batches while a replica replays the primary's changes more
         * than {@code lag} late (no limit by default), so that it never writes faster than the replicas
         * apply: PostgreSQL's streaming replicas, as the primary lists them in
         * {@code pg_stat_replication}. Each replica's lag is the age of the oldest change of the primary
         * it has not replayed yet, so a replica whose replay is paused, or held back by a long query,
         * counts as lagging; one that is not streaming is not waited for. Other engines have no replicas
         * the primary can see, and ignore it.
         */
        public Builder maxReplicaLag(Duration lag) {
            settings = settings.withBackfill(settings.backfill().withMaxReplicaLag(requirePositive(lag, "maxReplicaLag")));
            return this;
        }

        /** A pause between backfill batches (none by default), for replicas and the application to catch up. */
        public Builder batchPause(Duration pause) {
            settings = settings.withBackfill(settings.backfill().withPause(pause));
            return this;
        }

        /** The migrator, with the migrations given or found on the class loader. */
        public Migrator load() {
            return new Migrator(this);
        }
    }
}
