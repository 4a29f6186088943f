package io.requiredsince.runtime.internal;

import io.requiredsince.runtime.ExecutedStep;
import io.requiredsince.runtime.Migration;
import io.requiredsince.runtime.MigrationException;
import io.requiredsince.runtime.MigrationInfo;
import io.requiredsince.runtime.MigrationReport;
import io.requiredsince.runtime.MigrationResult;
import io.requiredsince.runtime.MigrationState;
import io.requiredsince.runtime.MigrationVersion;
import io.requiredsince.runtime.PlannedStatement;
import io.requiredsince.runtime.UndoResult;
import io.requiredsince.runtime.ValidationException;
import io.requiredsince.runtime.ValidationReport;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Applies migrations over one connection: reads the history, and for each pending migration
 * resolves its table, reads the live column, and runs the engine strategy's steps, each guarded by
 * the live schema.
 */
public final class MigrationRunner {

    private static final System.Logger LOG = System.getLogger("io.requiredsince");

    private final Connection connection;
    private final EngineInfo engine;
    private final SchemaInspector inspector;
    private final Strategy strategy;
    private final Sql sql;
    private final HistoryTable history;
    private final List<Migration> migrations;
    private DdlLockRetry lockRetry = DdlLockRetry.defaults();
    private BackfillSettings backfill = BackfillSettings.DEFAULTS;

    public MigrationRunner(Connection connection, List<Migration> migrations, String historySchema,
                           String historyTable) throws SQLException {
        this.connection = connection;
        this.engine = EngineInfo.detect(connection);
        this.inspector = new SchemaInspector(connection, engine);
        this.sql = new Sql(engine);
        this.strategy = Strategy.forEngine(engine);
        this.history = new HistoryTable(connection, engine, sql, historySchema, historyTable);
        this.migrations = migrations;
    }

    /** How backfills batch and whom they report to. */
    public MigrationRunner backfillSettings(BackfillSettings settings) {
        this.backfill = settings;
        return this;
    }

    public EngineInfo engine() {
        return engine;
    }

    /** How DDL steps wait for their table lock and retry (PostgreSQL, MySQL, MariaDB). */
    public MigrationRunner lockRetry(DdlLockRetry retry) {
        this.lockRetry = retry;
        return this;
    }

    /** Compares the history with the code (drift, removed migrations); changes nothing. */
    public ValidationReport validate() throws SQLException {
        return new HistoryValidator(history, migrations).validate();
    }

    /** Accepts the code's definitions in the history; returns what was accepted. */
    public ValidationReport repair() throws SQLException {
        history.createIfMissing();
        return new HistoryValidator(history, migrations).repair();
    }

    /** Reverts the latest applied migration, or every one above {@code downTo}. */
    public List<UndoResult> undo(MigrationVersion downTo, boolean force) throws SQLException {
        history.createIfMissing();
        return new Undoer(connection, engine, sql, history, migrations).undo(downTo, force);
    }

    public MigrationReport migrate() throws SQLException {
        warnIfEmpty();
        history.createIfMissing();
        ValidationReport validation = validate();
        if (!validation.isValid()) {
            throw new ValidationException(validation);
        }
        List<HistoryTable.Row> rows = history.rows();
        List<MigrationResult> results = new ArrayList<>();
        int already = 0;
        for (Migration m : migrations) {
            Optional<HistoryTable.Row> row = history.find(rows, m);
            if (row.isPresent() && row.get().success()) {
                already++;
                continue;
            }
            results.add(apply(m, row.isPresent()));
        }
        return new MigrationReport(engine.describe(), results, already);
    }

    private MigrationResult apply(Migration m, boolean started) throws SQLException {
        long t0 = System.nanoTime();
        Target target = resolve(m);
        LiveColumn before = inspector.inspect(target);
        if (!started) {
            history.markStarted(m, connection.getMetaData().getUserName(), !before.exists());
        }
        List<ExecutedStep> executed = new ArrayList<>();
        long rows = 0;
        String stepName = null;
        try {
            // A column that was already required before we ever touched it is left alone.
            if (started || !before.isRequired()) {
                for (Step step : strategy.steps(target, before)) {
                    if (!step.guard().holds(inspector.inspect(target))) {
                        continue;
                    }
                    stepName = step.name();
                    history.markStep(m, stepName);
                    backfill.listener().stepStarted(m.script(), step.name(), step.sql());
                    ExecutedStep done = step.script() instanceof Backfiller.Work work
                            ? new Backfiller(connection, engine, backfill).run(m.script(), step, work)
                            : step.script() != null ? executeScript(step)
                            : step.countsRows() ? execute(step)
                            : lockRetry.run(connection, engine, target, stepName, () -> execute(step));
                    executed.add(done);
                    rows += done.rows();
                    backfill.listener().stepFinished(m.script(), step.name(), done.rows(), done.duration());
                    // The batched walk is followed by its final pass; the check comes after that.
                    if (step.countsRows() && !(step.script() instanceof Backfiller.Work w
                            && w.pass() == Backfiller.Pass.WALK)) {
                        requireNoNullsLeft(target);
                    }
                }
                stepName = "verify";
                verifyEndState(target);
            }
        } catch (SQLException | RuntimeException e) {
            if (e instanceof Backfiller.BatchFailure f) {
                rows += f.rowsDone();
            }
            long ms = Duration.ofNanos(System.nanoTime() - t0).toMillis();
            recordFailure(m, ms, rows, e);
            String left = FailureDetails.describe(connection, engine, sql, target);
            throw new MigrationException(m.script(), stepName, "Migration " + describe(m) + " failed at step '"
                    + stepName + "' on " + engine.describe() + " (table " + target.describe() + "): "
                    + e.getMessage() + (left == null ? "" : ". " + left) + ". The column is left as the last"
                    + " completed step made it (never half-tightened) and no row was lost; fix the cause and run"
                    + " migrate() again: it resumes from the live schema.", e);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        history.markFinished(m, true, took.toMillis(), rows);
        LOG.log(Level.INFO, () -> "Applied " + describe(m) + ": " + executed.size() + " statement(s), "
                + executed.stream().mapToLong(ExecutedStep::rows).sum() + " row(s) backfilled in "
                + took.toMillis() + " ms");
        return new MigrationResult(m.script(), m.version(), m.description(), executed, rows, took);
    }

    private void recordFailure(Migration m, long ms, long rows, Exception cause) {
        try {
            history.markFinished(m, false, ms, rows);
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private ExecutedStep execute(Step step) throws SQLException {
        long t0 = System.nanoTime();
        Strategy.Executed done = strategy.execute(step, connection);
        long count = done.count();
        return new ExecutedStep(step.name(), done.sql(), step.countsRows() ? Math.max(count, 0) : 0,
                Duration.ofNanos(System.nanoTime() - t0));
    }

    // Before any tightening: a backfill that yields NULL for some rows must stop here, column still nullable.
    private void requireNoNullsLeft(Target target) throws SQLException {
        try (Statement st = connection.createStatement();
             java.sql.ResultSet rs = st.executeQuery(sql.countNulls(target))) {
            rs.next();
            long left = rs.getLong(1);
            if (left > 0) {
                throw new IllegalStateException(left + " row(s) of " + target.table() + " still have " + target.column()
                        + " NULL after the backfill: the backfill \"" + target.spec().backfill().sql()
                        + "\" yields NULL for them. Make it never NULL, e.g. coalesce(" + target.spec().backfill().sql()
                        + ", <fallback>)");
            }
        }
    }

    // A step of several statements: rendered from the live schema now, run by its script as one unit.
    private ExecutedStep executeScript(Step step) throws SQLException {
        long t0 = System.nanoTime();
        List<String> statements = step.script().render(connection);
        long filled = step.script().runCounted(connection, statements);
        return new ExecutedStep(step.name(), Step.joined(statements), step.countsRows() ? filled : 0,
                Duration.ofNanos(System.nanoTime() - t0));
    }

    private void verifyEndState(Target target) throws SQLException {
        LiveColumn after = inspector.inspect(target);
        boolean defaultRight = target.spec().keepDefault() == after.hasDefault();
        if (!after.isRequired() || !defaultRight) {
            throw new IllegalStateException("The column ended as " + after + " instead of NOT NULL "
                    + (target.spec().keepDefault() ? "with" : "without") + " a default");
        }
    }

    /** The statements {@link #migrate()} would run now, changing nothing. */
    public List<PlannedStatement> plan() throws SQLException {
        List<HistoryTable.Row> rows = history.rows();
        List<PlannedStatement> planned = new ArrayList<>();
        for (Migration m : migrations) {
            Optional<HistoryTable.Row> row = history.find(rows, m);
            if (row.isPresent() && row.get().success()) {
                continue;
            }
            Target target = resolve(m);
            LiveColumn state = inspector.inspect(target);
            if (row.isEmpty() && state.isRequired()) {
                continue;
            }
            for (Step step : strategy.steps(target, state)) {
                if (step.guard().holds(state)) {
                    planned.add(new PlannedStatement(m.script(), m.version(), step.name(), step.sql(connection)));
                    state = step.effect().apply(state);
                }
            }
        }
        return planned;
    }

    /** Applied, failed and pending migrations: the history's rows, then what the code adds. */
    public List<MigrationInfo> info() throws SQLException {
        List<HistoryTable.Row> rows = history.rows();
        List<MigrationInfo> infos = new ArrayList<>();
        for (HistoryTable.Row r : rows) {
            if (!r.current()) {
                continue; // undone or removed: history only; the code's migration shows as pending below
            }
            infos.add(new MigrationInfo(r.script(), r.version(), r.description(),
                    r.success() ? MigrationState.APPLIED : MigrationState.FAILED, r.installedOn(),
                    r.executionTime(), r.rowsBackfilled()));
        }
        for (Migration m : migrations) {
            if (history.find(rows, m).isEmpty()) {
                infos.add(new MigrationInfo(m.script(), m.version(), m.description(), MigrationState.PENDING,
                        null, null, null));
            }
        }
        return infos;
    }

    private Target resolve(Migration m) throws SQLException {
        try {
            return inspector.resolve(m.column());
        } catch (IllegalStateException e) {
            throw new MigrationException(m.script(), "resolve", "Migration " + describe(m) + ": " + e.getMessage(), e);
        }
    }

    private void warnIfEmpty() {
        if (migrations.isEmpty()) {
            LOG.log(Level.WARNING, "requiredsince found no migrations. The annotation processor probably did not run:"
                    + " declare io.requiredsince:requiredsince-processor in the maven-compiler-plugin's"
                    + " <annotationProcessorPaths> (JDK 23 and later run no processor found only on the classpath),"
                    + " and check that META-INF/services/io.requiredsince.runtime.Migration is in your jar.");
        }
    }

    static String describe(Migration m) {
        return (m.version().isNone() ? "" : "v" + m.version() + " ") + m.script();
    }
}
