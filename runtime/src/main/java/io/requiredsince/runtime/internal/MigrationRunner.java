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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Applies migrations over one connection, on any engine: plan → steps → execute → record. Reads
 * the history, and for each pending migration resolves its table, reads the live column, and runs
 * the steps its {@link EngineSupport} gives, each guarded by the live schema and run by its own
 * action. Nothing here names an engine.
 */
public final class MigrationRunner {

    private static final System.Logger LOG = Log.get();

    /** The step name of a failure before the first step: reading the column, recording the start. */
    static final String START_STEP = "start";
    /** The step name of a failure to record a migration that completed. */
    static final String RECORD_STEP = "record";

    private final Connection connection;
    private final EngineSupport engine;
    private final SchemaInspector inspector;
    private final HistoryTable history;
    private final ExistingColumns existing;
    private final List<Migration> migrations;
    private final String historySchema;
    private final String historyTable;
    private DataSource dataSource;
    private DdlLockRetry lockRetry = DdlLockRetry.defaults();
    private BackfillSettings backfill = BackfillSettings.DEFAULTS;
    private LockProof lock = LockProof.NONE;
    private boolean completeImmediately;
    private MigrationVersion target;

    /** What a call of the runner returns. */
    public interface Call<T> {
        T apply(MigrationRunner runner) throws SQLException;
    }

    /**
     * Runs {@code call} on a connection of {@code dataSource}, under the migration lock when
     * {@code locked}. Changes happen under the cross-process lock, and the history is read after it
     * is taken, so a migrator that waited finds the work of the one before it done. Migrators of this
     * process queue for the DataSource before they take a connection ({@link InProcessQueue}), so they
     * never hold the pool's connections while they wait. Every statement runs under the session
     * limits the engine sets ({@link EngineSupport#runSession}). The connection goes back to its pool
     * as it was lent (autocommit and session settings included), and every failure reaches the caller as a
     * {@link MigrationException}.
     */
    public static <T> T run(DataSource dataSource, List<Migration> migrations, RunSettings settings, boolean locked,
                            Call<T> call) {
        return run(dataSource, migrations, settings, locked, runner -> Optional.empty(), call);
    }

    /**
     * As {@link #run(DataSource, List, RunSettings, boolean, Call)}, but first asks {@code shortcut},
     * on the connection as lent, before any session setting, read-only check or lock: what it
     * answers is the result, and {@code call} does not run. For an answer that reads and changes
     * nothing ({@link #upToDate()}).
     */
    public static <T> T run(DataSource dataSource, List<Migration> migrations, RunSettings settings, boolean locked,
                            Call<Optional<T>> shortcut, Call<T> call) {
        long deadline = System.nanoTime() + settings.lockTimeout().toNanos();
        String qualified = MigrationLock.qualified(settings.historySchema(), settings.historyTable());
        try (InProcessQueue.Ticket queued = locked ? InProcessQueue.enter(dataSource, qualified, settings.lockTimeout())
                : () -> { };
             Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(true);
            Throwable failure = null;
            try {
                MigrationRunner runner = new MigrationRunner(connection, migrations, settings.historySchema(),
                        settings.historyTable()).lockRetry(settings.ddlLockRetry()).backfillSettings(settings.backfill())
                        .completeImmediately(settings.completeImmediately()).target(settings.target())
                        .recordThrough(dataSource);
                Optional<T> answered = shortcut.apply(runner);
                if (answered.isPresent()) {
                    return answered.get();
                }
                EngineSupport.AutoCloseableSql session = runner.engine().runSession(connection,
                        settings.ddlLockRetry().lockTimeout());
                try {
                    if (!locked) {
                        return call.apply(runner);
                    }
                    java.util.Optional<String> readOnly = runner.engine().readOnly(connection);
                    if (readOnly.isPresent()) {
                        throw Message.READ_ONLY_SERVER.failure(runner.engine().info().describe(),
                                Connections.where(connection), readOnly.get());
                    }
                    MigrationLock lock = MigrationLock.acquire(runner.engine(), dataSource, connection,
                            settings.historySchema(), settings.historyTable(), settings.lockTimeout(), deadline);
                    return underLock(lock, runner, call);
                } catch (SQLException | RuntimeException e) {
                    failure = e;
                    throw e;
                } finally {
                    SessionSettings.restore(session, connection, failure);
                }
            } catch (SQLException | RuntimeException e) {
                if (failure == null) {
                    failure = e;
                }
                throw e;
            } finally {
                if (!autoCommit) {
                    Connections.restoreAutoCommit(connection, false, failure);
                }
            }
        } catch (MigrationException e) {
            throw e;
        } catch (MigrationLock.LockTimeoutException e) {
            throw new MigrationException(null, "lock", e.getMessage(), e);
        } catch (SQLException e) {
            throw new MigrationException(null, null, Message.DATABASE_ERROR.format(e.getMessage()), e);
        } catch (RuntimeException e) {
            throw new MigrationException(null, null, e.getMessage(), e);
        }
    }

    // Work that succeeded is not reported as failed because releasing the lock failed afterwards: the
    // lock dies with its session. When the work failed, its error stays the one reported.
    private static <T> T underLock(MigrationLock lock, MigrationRunner runner, Call<T> call) throws SQLException {
        T result;
        runner.lock = lock;
        try {
            result = call.apply(runner);
        } catch (SQLException | RuntimeException e) {
            lock.closeAfter(e);
            throw e;
        } finally {
            runner.lock = LockProof.NONE;
        }
        try {
            lock.close();
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.WARNING, () -> "The work is done and recorded, but releasing the migration lock failed"
                    + " (it ends with its session): " + e.getMessage());
        }
        return result;
    }

    public MigrationRunner(Connection connection, List<Migration> migrations, String historySchema,
                           String historyTable) throws SQLException {
        this.connection = connection;
        this.engine = Engines.detect(connection);
        this.inspector = new SchemaInspector(connection, engine);
        this.history = new HistoryTable(connection, engine, historySchema, historyTable);
        this.existing = new ExistingColumns(inspector, engine);
        this.migrations = migrations;
        this.historySchema = historySchema;
        this.historyTable = historyTable;
    }

    /**
     * Where a new connection comes from when the database ends the working one during a migration:
     * the outcome is recorded through it, so the history stays exact.
     */
    public MigrationRunner recordThrough(DataSource source) {
        this.dataSource = source;
        return this;
    }

    /** How backfills batch and whom they report to. */
    public MigrationRunner backfillSettings(BackfillSettings settings) {
        this.backfill = settings;
        return this;
    }

    public EngineSupport engine() {
        return engine;
    }

    /** How DDL steps wait for their table lock and retry (PostgreSQL, MySQL, MariaDB). */
    public MigrationRunner lockRetry(DdlLockRetry retry) {
        this.lockRetry = retry;
        return this;
    }

    /**
     * Compares the history with the code (drift, removed migrations), and each column that existed
     * before its migration with the spec (warnings); changes nothing.
     */
    public ValidationReport validate() throws SQLException {
        ValidationReport found = new HistoryValidator(history, migrations).validate();
        List<HistoryTable.Row> rows = history.rows();
        List<String> warnings = new ArrayList<>();
        for (Migration m : migrations) {
            Optional<HistoryTable.Row> row = history.find(rows, m);
            Target target;
            try {
                target = inspector.resolve(m.column());
            } catch (IllegalStateException e) {
                continue; // migrate() stops on it, with the reason
            }
            LiveColumn live = inspector.inspect(target);
            target = target.withPrior(prior(row, live));
            ExistingColumns.Review review = existing.review(target);
            warnings.addAll(review.warnings());
            if (review.misfit() != null && hasWork(row, live)) {
                warnings.add(review.misfit());
            }
        }
        return new ValidationReport(found.changed(), found.missing(), warnings);
    }

    /** What the column was when its migration started: recorded once it has, else the column now. */
    private static PriorColumn prior(Optional<HistoryTable.Row> row, LiveColumn live) {
        return row.map(r -> r.prior(live)).orElse(PriorColumn.of(live));
    }

    // A column that was already required before the migration ever touched it is left alone.
    private static boolean hasWork(Optional<HistoryTable.Row> row, LiveColumn before) {
        return row.map(r -> !r.success()).orElse(!before.isRequired());
    }

    /** Accepts the code's definitions in the history; returns what was accepted. */
    public ValidationReport repair() throws SQLException {
        history.createIfMissing();
        return new HistoryValidator(history, migrations).repair();
    }

    /** Reverts the latest applied migration, or every one above {@code downTo}. */
    public List<UndoResult> undo(MigrationVersion downTo, boolean force) throws SQLException {
        history.createIfMissing();
        return new Undoer(connection, engine, history, migrations, lockRetry).undo(downTo, force);
    }

    /**
     * Which part of a migration's road a run takes: its expand, which leaves old application versions
     * able to insert without the column ({@code migrate()} by default); the complete of a migration an
     * earlier run expanded; or both at once, without a fill ({@code completeImmediately}).
     */
    enum Part {
        EXPAND, COMPLETE, WHOLE;

        /** What the history records when the part succeeds. */
        String reached() {
            return this == EXPAND ? HistoryTable.EXPANDED : HistoryTable.COMPLETED;
        }
    }

    /** The highest version {@code migrate()} and {@code plan()} apply; null for every pending migration. */
    public MigrationRunner target(MigrationVersion version) {
        this.target = version;
        return this;
    }

    /** Whether {@code migrate()} expands and completes at once (single instance) instead of expanding only. */
    public MigrationRunner completeImmediately(boolean immediately) {
        this.completeImmediately = immediately;
        return this;
    }

    /**
     * Applies the pending migrations: expands them, or with {@code completeImmediately} applies them
     * whole. First completes each migration an earlier run expanded when a pending migration has a
     * higher version (the release after it: no instance older than it is left), and with
     * {@code completeImmediately} every expanded one.
     */
    public MigrationReport migrate() throws SQLException {
        warnIfEmpty();
        history.createIfMissing();
        requireValid();
        List<HistoryTable.Row> rows = history.rows();
        List<Migration> pending = pending(rows);
        List<MigrationResult> results = new ArrayList<>();
        int already = completeExpanded(rows, row -> dueForCompletion(row, pending), results);
        for (Migration m : pending) {
            results.add(apply(m, history.find(rows, m), completeImmediately ? Part.WHOLE : Part.EXPAND));
        }
        return new MigrationReport(engine.info().describe(), results, already);
    }

    /**
     * What {@link #migrate()} reports when it has nothing to do, told from one read of the history,
     * without taking the migration lock or setting anything on the session: the history agrees with
     * the code and holds every migration up to the target as applied or expanded, and no expanded one
     * is due for completion (none is without a pending migration, but with completeImmediately every
     * one is). Empty whenever there may be work: {@link #migrate()} then runs as ever, under the
     * lock, and reads the history again. The answer is one a migrator running meanwhile cannot make
     * wrong: a migration it has begun is recorded as not succeeded, which is work here. A history
     * table of an earlier release is read as it is (its newer columns as null, as migrate() reads it
     * before adding them); the next run with work brings it up to date before it writes.
     */
    public Optional<MigrationReport> upToDate() throws SQLException {
        Optional<List<HistoryTable.Row>> read = history.rowsAsFound();
        if (read.isEmpty()) {
            return Optional.empty();
        }
        List<HistoryTable.Row> rows = read.get();
        if (!new HistoryValidator(history, migrations).validate(rows).isValid() || !pending(rows).isEmpty()
                || !due(rows, row -> dueForCompletion(row, List.of())).isEmpty()) {
            return Optional.empty();
        }
        warnIfEmpty();
        return Optional.of(new MigrationReport(engine.info().describe(), List.of(), standing(rows, List.of())));
    }

    /**
     * Completes every expanded migration: fills what is left, tightens, drops the fill and the
     * temporary default. Pending migrations are left alone.
     */
    public MigrationReport complete() throws SQLException {
        history.createIfMissing();
        requireValid();
        List<MigrationResult> results = new ArrayList<>();
        int already = completeExpanded(history.rows(), row -> true, results);
        return new MigrationReport(engine.info().describe(), results, already);
    }

    /**
     * The code's migrations the history does not hold as applied or expanded, in order; with a target,
     * those up to it (a migration without a version comes after every target).
     */
    private List<Migration> pending(List<HistoryTable.Row> rows) {
        return migrations.stream().filter(m -> target == null || !m.version().isNone() && m.version().compareTo(target) <= 0)
                .filter(m -> history.find(rows, m).map(r -> !r.success()).orElse(true)).toList();
    }

    /**
     * Completes each expanded migration {@code due} chooses, in order, adding its result to
     * {@code results}; returns how many applied or expanded migrations it left as they were.
     */
    private int completeExpanded(List<HistoryTable.Row> rows, java.util.function.Predicate<HistoryTable.Row> due,
                                 List<MigrationResult> results) throws SQLException {
        List<Migration> completing = due(rows, due);
        for (Migration m : completing) {
            results.add(apply(m, history.find(rows, m), Part.COMPLETE));
        }
        return standing(rows, completing);
    }

    /** The expanded migrations {@code due} chooses, in order. */
    private List<Migration> due(List<HistoryTable.Row> rows, java.util.function.Predicate<HistoryTable.Row> due) {
        return migrations.stream().filter(m -> history.find(rows, m).filter(r -> r.expanded() && due.test(r))
                .isPresent()).toList();
    }

    /** How many migrations stand applied or expanded, {@code completing} left out: what a run leaves as it was. */
    private int standing(List<HistoryTable.Row> rows, List<Migration> completing) {
        return (int) migrations.stream().filter(m -> !completing.contains(m)
                && history.find(rows, m).map(HistoryTable.Row::success).orElse(false)).count();
    }

    // The history against the code only: what validate() adds, warnings on columns that existed before,
    // reads every migration's table and is said again by the migration that runs.
    private void requireValid() throws SQLException {
        ValidationReport validation = new HistoryValidator(history, migrations).validate();
        if (!validation.isValid()) {
            throw new ValidationException(validation);
        }
    }

    private MigrationResult apply(Migration m, Optional<HistoryTable.Row> row, Part part) throws SQLException {
        long t0 = System.nanoTime();
        Target target = resolve(m);
        List<ExecutedStep> executed = new ArrayList<>();
        long rows = 0;
        String stepName = START_STEP;
        boolean recorded = row.isPresent();
        List<String> warnings = List.of();
        String reached = part.reached();
        try {
            LiveColumn before = inspector.inspect(target);
            // A rerun sees the column as the partial steps left it: what it was comes from the history.
            target = target.withPrior(prior(row, before));
            boolean work = part == Part.COMPLETE || hasWork(row, before);
            if (part != Part.COMPLETE) {
                ExistingColumns.Review review = existing.review(target);
                if (work && review.misfit() != null) {
                    throw new MigrationException(m.script(), "check", review.misfit(), null);
                }
                warnings = review.warnings();
                for (String warning : warnings) {
                    LOG.log(Level.WARNING, describe(m) + ": " + warning);
                }
            }
            if (part == Part.EXPAND && work) {
                Optional<String> refusal = engine.cannotExpand(connection, target);
                if (refusal.isPresent()) {
                    throw new MigrationException(m.script(), "check", refusal.get(), null);
                }
            }
            if (row.isEmpty()) {
                history.markStarted(m, connection.getMetaData().getUserName(), target.prior());
                recorded = true;
            }
            if (!work && before.fill() == Fill.State.NONE) {
                reached = HistoryTable.COMPLETED; // required before the migration, or by hand: nothing left to complete
            }
            if (work) {
                Road road = engine.road(target, before, part != Part.WHOLE);
                List<Step> steps = part == Part.COMPLETE ? road.complete() : road.expand();
                for (Step step : steps) {
                    if (!step.guard().holds(inspector.inspect(target))) {
                        continue;
                    }
                    stepName = step.name();
                    lock.proveHeld();
                    history.markStep(m, part == Part.COMPLETE ? "complete: " + stepName : stepName);
                    backfill.listener().stepStarted(m.script(), step.name(), step.sql());
                    long s0 = System.nanoTime();
                    Step.Outcome outcome = step.action().run(new StepContext(connection, engine, m.script(), stepName,
                            target, backfill, lockRetry, lock));
                    ExecutedStep done = new ExecutedStep(step.name(), outcome.sql(), outcome.rows(),
                            Duration.ofNanos(System.nanoTime() - s0));
                    executed.add(done);
                    rows += done.rows();
                    backfill.listener().stepFinished(m.script(), step.name(), done.rows(), done.duration());
                }
                stepName = "verify";
                if (part == Part.EXPAND) {
                    verifyExpanded(target);
                } else {
                    verifyEndState(target);
                }
            }
        } catch (SQLException | RuntimeException e) {
            if (e instanceof MigrationException refused && !recorded) {
                throw refused; // refused before anything was written: nothing to record
            }
            if (e instanceof BatchFailure f) {
                rows += f.rowsDone(); // committed rows only: they stay in the table
            }
            long ms = Duration.ofNanos(System.nanoTime() - t0).toMillis();
            String left;
            try (OutcomeRecorder recorder = recorder()) {
                if (recorded) {
                    recorder.record(m, false, ms, rows, null, part == Part.COMPLETE, e);
                }
                left = recorder.leftToDo(target);
            }
            Message failed = part == Part.COMPLETE ? Message.COMPLETE_FAILED : Message.MIGRATION_FAILED;
            throw new MigrationException(m.script(), stepName, failed.format(describe(m), stepName,
                    engine.info().describe(), target.describe(), e.getMessage(), left == null ? "" : ". " + left), e);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        try (OutcomeRecorder recorder = recorder()) {
            recorder.record(m, true, took.toMillis(), rows, reached, part == Part.COMPLETE, null);
        } catch (SQLException | RuntimeException e) {
            throw new MigrationException(m.script(), RECORD_STEP, Message.RECORD_FAILED.format(describe(m),
                    e.getMessage()), e);
        }
        long filled = rows;
        boolean expanded = HistoryTable.EXPANDED.equals(reached);
        String verb = expanded ? "Expanded" : part == Part.COMPLETE ? "Completed" : "Applied";
        LOG.log(Level.INFO, () -> String.format(java.util.Locale.ROOT, "%s %s: %d step(s), %s, %,d ms%s", verb,
                describe(m), executed.size(), Step.rowsOutcome(filled, executed), took.toMillis(),
                expanded ? "; required of every insert after complete()" : ""));
        return new MigrationResult(m.script(), m.version(), m.description(), executed, rows, took, warnings,
                expanded ? MigrationState.EXPANDED : MigrationState.APPLIED);
    }

    private OutcomeRecorder recorder() {
        return new OutcomeRecorder(connection, history, dataSource, engine, historySchema, historyTable,
                highestKnownVersion());
    }

    /** The highest version of the code's migrations, those without one aside; null when none has one. */
    private MigrationVersion highestKnownVersion() {
        return migrations.stream().map(Migration::version).filter(v -> !v.isNone()).max(MigrationVersion::compareTo)
                .orElse(null);
    }

    /**
     * Whether {@code migrate()} completes the migration {@code row} records as expanded: always with
     * completeImmediately; else when a pending migration has a version above every one the release
     * that expanded it knew, so that it belongs to a later release and no instance older than that
     * one runs. A migration without a version never makes another complete.
     */
    private boolean dueForCompletion(HistoryTable.Row row, List<Migration> pending) {
        MigrationVersion released = row.releasedWith();
        return completeImmediately || pending.stream()
                .anyMatch(p -> !p.version().isNone() && p.version().compareTo(released) > 0);
    }

    // After expand the column exists, and every row that was there has its value.
    private void verifyExpanded(Target target) throws SQLException {
        LiveColumn after = inspector.inspect(target);
        if (!after.exists()) {
            throw Message.EXPAND_STATE_WRONG.failure(after);
        }
    }

    private void verifyEndState(Target target) throws SQLException {
        LiveColumn after = inspector.inspect(target);
        if (after.fill() != Fill.State.NONE) {
            throw Message.FILL_LEFT.failure(Fill.name(target));
        }
        // A default the column had before is the application's to keep or drop, whatever it is now.
        boolean defaultRight = target.prior().hadDefault() || target.spec().keepDefault() == after.hasDefault();
        if (!after.isRequired() || !defaultRight) {
            throw Message.END_STATE_WRONG.failure(after, target.spec().keepDefault() ? "with" : "without");
        }
    }

    /**
     * The statements {@link #migrate()} would run now, changing nothing (the completion of an
     * expanded migration it is due to complete included); then, marked as the complete phase, those
     * {@code complete()} would run after it.
     */
    public List<PlannedStatement> plan() throws SQLException {
        List<PlannedStatement> planned = new ArrayList<>();
        walkPending(new PlanWalk() {
            @Override
            public List<String> step(Migration m, Step step, Connection on, boolean now)
                    throws SQLException {
                List<String> statements = step.action().render(on, backfill);
                if (!statements.isEmpty()) {
                    planned.add(new PlannedStatement(m.script(), m.version(), step.name(), Step.joined(statements),
                            !now));
                }
                return statements;
            }
        });
        return planned;
    }

    /**
     * What {@link #plan()} lists, as a script a person can review and run as it is in the engine's
     * own client, in auto-commit: the limits a run sets first, then each migration under a comment
     * naming it and each step under one naming the step, with literal values and the walk written
     * out batch by batch. What {@code complete()} would run later is written commented out, under a
     * comment saying so. A migration whose backfill is Java is named and left out.
     */
    public String planScript() throws SQLException {
        StringBuilder out = new StringBuilder();
        out.append("-- requiredsince: the pending migrations, planned on ").append(engine.info().describe())
                .append(" for this database as it is now.\n")
                .append("-- Run it as it is, in auto-commit (psql, mysql and sqlite3 run scripts so). Should it stop")
                .append(" part way,\n-- migrate() resumes from the live schema. The next migrate() finds these columns")
                .append(" done and records\n-- them in ").append(historyTable).append(".\n");
        for (String statement : engine.scriptSession(connection, lockRetry.lockTimeout())) {
            out.append(statement).append(";\n");
        }
        int[] written = {0};
        String[] later = {null};
        walkPending(new PlanWalk() {
            @Override
            public boolean migration(Migration m, Target target) {
                out.append("\n-- ").append(describe(m)).append('\n');
                later[0] = null;
                if (target.spec().backfill().isJava()) {
                    out.append("-- Left out: its backfill is computed in Java (").append(target.spec().backfill().sql())
                            .append("), which only migrate() can run.\n");
                    return false;
                }
                written[0]++;
                return true;
            }

            @Override
            public List<String> step(Migration m, Step step, Connection on, boolean now)
                    throws SQLException {
                List<String> statements = step.action().script(on, backfill);
                if (statements.isEmpty()) {
                    return statements;
                }
                String prefix = now ? "" : "-- ";
                if (!now && !describe(m).equals(later[0])) {
                    out.append("-- complete(), once no instance of the version before runs (left commented out):\n");
                    later[0] = describe(m);
                }
                out.append("-- step: ").append(step.name()).append('\n');
                for (String statement : statements) {
                    String line = statement.endsWith(";") ? statement : statement + ";";
                    out.append(prefix).append(line.replace("\n", "\n" + prefix)).append('\n');
                }
                return statements;
            }
        });
        if (written[0] == 0) {
            out.append("\n-- Nothing to migrate.\n");
        }
        return out.toString();
    }

    /** What {@link #walkPending} tells as it goes. */
    private interface PlanWalk {
        /** A migration starts; false leaves its steps out. */
        default boolean migration(Migration m, Target target) {
            return true;
        }

        /**
         * A step that would run, rendered on {@code on}; returns its statements. {@code now}:
         * {@code migrate()} runs it now (else {@code complete()} runs it later).
         */
        List<String> step(Migration m, Step step, Connection on, boolean now) throws SQLException;
    }

    /**
     * The steps that would run, in order, the column's state predicted step by step: first the
     * complete of each expanded migration {@code migrate()} would complete, or {@code complete()}
     * would; then each pending migration's steps, its complete phase after its expand. Where the
     * engine renders DDL from a table's whole definition (SQLite's rebuild), DDL is rendered on a
     * rehearsal of the schema on which the earlier steps' statements have run, so a second migration
     * of one table sees the first one's column; a backfill's batches read the live table.
     */
    private void walkPending(PlanWalk walk) throws SQLException {
        Rehearsal rehearsal = new Rehearsal();
        try {
            List<HistoryTable.Row> rows = history.rows();
            List<Migration> pending = pending(rows);
            for (Migration m : migrations) {
                Optional<HistoryTable.Row> row = history.find(rows, m);
                if (row.isPresent() && row.get().expanded()) {
                    walkOne(walk, m, row, Part.COMPLETE, dueForCompletion(row.get(), pending), rehearsal);
                }
            }
            for (Migration m : pending) {
                walkOne(walk, m, history.find(rows, m), completeImmediately ? Part.WHOLE : Part.EXPAND, true, rehearsal);
            }
        } finally {
            if (rehearsal.copy.isPresent()) {
                rehearsal.copy.get().close();
            }
        }
    }

    /** The engine's rehearsal of the schema: made at the first DDL step that would run, so a plan with nothing pending copies no schema. */
    private static final class Rehearsal {
        Optional<Connection> copy = Optional.empty();
        boolean asked;
    }

    private void walkOne(PlanWalk walk, Migration m, Optional<HistoryTable.Row> row, Part part, boolean now,
                         Rehearsal rehearsal) throws SQLException {
        Target resolved = resolve(m);
        LiveColumn state = inspector.inspect(resolved);
        Target target = resolved.withPrior(prior(row, state));
        if (part != Part.COMPLETE && row.isEmpty() && state.isRequired() || !walk.migration(m, target)) {
            return;
        }
        Road road = engine.road(target, state, part != Part.WHOLE);
        List<Step> steps = part == Part.COMPLETE ? road.complete() : road.all();
        int completeFrom = part == Part.COMPLETE ? 0 : road.expand().size();
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            if (!step.guard().holds(state)) {
                continue;
            }
            boolean completing = i >= completeFrom && part != Part.WHOLE;
            boolean ddl = !(step.action() instanceof BackfillAction);
            if (ddl && !rehearsal.asked) {
                rehearsal.copy = engine.rehearsal(connection);
                rehearsal.asked = true;
            }
            Connection on = ddl ? rehearsal.copy.orElse(connection) : connection;
            List<String> statements = walk.step(m, step, on, now && (part != Part.EXPAND || !completing));
            if (ddl && rehearsal.copy.isPresent()) {
                try (java.sql.Statement st = rehearsal.copy.get().createStatement()) {
                    for (String statement : statements) {
                        st.execute(statement);
                    }
                }
            }
            state = step.effect().apply(state);
        }
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
                    !r.success() ? MigrationState.FAILED : r.expanded() ? MigrationState.EXPANDED
                            : MigrationState.APPLIED, r.installedOn(),
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
        } catch (IllegalStateException | SQLException e) {
            throw new MigrationException(m.script(), "resolve", Message.RESOLVE_FAILED.format(describe(m), e.getMessage()),
                    e);
        }
    }

    private void warnIfEmpty() {
        if (migrations.isEmpty()) {
            LOG.log(Level.WARNING, Message.NO_MIGRATIONS.format());
        }
    }

    static String describe(Migration m) {
        return (m.version().isNone() ? "" : "v" + m.version() + " ") + m.script();
    }
}
