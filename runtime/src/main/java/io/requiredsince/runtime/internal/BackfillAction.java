package io.requiredsince.runtime.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * A step that gives rows their value: the batched walk, the final pass, or an engine's own final
 * pass. It finds the table's live key, shows in {@code plan()} what its batches run, and runs them
 * through {@link Batches}, reporting progress. A failure part way keeps the committed batches and
 * says how many rows they wrote ({@link BatchFailure}); the next run continues with the rows still
 * NULL.
 */
public abstract class BackfillAction implements Step.Action {

    /** The engine, for the live key and the batch loops. */
    protected final EngineSupport engine;
    /** The column. */
    protected final Target target;

    protected BackfillAction(EngineSupport engine, Target target) {
        this.engine = engine;
        this.target = target;
    }

    /** The statements this backfill's batches run, as {@code plan()} shows them. */
    protected abstract List<String> statements(BackfillStatements s);

    /** Gives the rows their value; returns how many. */
    protected abstract long fill(Batches batches, BackfillStatements s, Progress progress) throws SQLException;

    /**
     * The statements this backfill's batches run against the live schema under {@code settings}:
     * those of {@link #statements(BackfillStatements)} unless the schema or the settings change them.
     */
    protected List<String> statements(Connection connection, BackfillStatements s, BackfillSettings settings)
            throws SQLException {
        return statements(s);
    }

    /**
     * The rows still NULL before the fill, for progress: a count by default. A step that can count
     * them cheaply only once it started returns 0 and sets {@link Progress#total(long)} itself.
     */
    protected long nullsBeforeFill(Connection connection) throws SQLException {
        return Sql.count(connection, engine.sql().countNulls(target));
    }

    /** What must hold once the rows are filled, checked outside the batches. */
    protected void afterFill(StepContext context) throws SQLException {
    }

    @Override
    public String summary() {
        return engine.sql().backfillAll(target);
    }

    @Override
    public final List<String> render(Connection connection, BackfillSettings settings) throws SQLException {
        return statements(connection, statementsFor(connection), settings);
    }

    /** A row backfill is Java, not SQL: a script cannot hold it (the runner leaves such a migration out). */
    @Override
    public final List<String> script(Connection connection, BackfillSettings settings) throws SQLException {
        if (target.spec().backfill().isJava()) {
            throw new IllegalStateException("A row backfill has no SQL to write into a script: " + target.describe());
        }
        return scriptStatements(connection, statementsFor(connection), settings);
    }

    /**
     * The statements of {@link #script}: those of
     * {@link #statements(Connection, BackfillStatements, BackfillSettings)} by default.
     */
    protected List<String> scriptStatements(Connection connection, BackfillStatements s, BackfillSettings settings)
            throws SQLException {
        return statements(connection, s, settings);
    }

    private BackfillStatements statementsFor(Connection connection) throws SQLException {
        return new BackfillStatements(engine.sql(), target, TableKey.discover(connection, engine, target));
    }

    @Override
    public final Step.Outcome run(StepContext context) throws SQLException {
        Connection connection = context.connection();
        BackfillStatements s = statementsFor(connection);
        String shown = Step.joined(statements(connection, s, context.backfill()));
        Progress progress = new Progress(context.backfill(), context.migration(), context.step(), target,
                nullsBeforeFill(connection));
        long rows;
        try (EngineSupport.AutoCloseableSql session = engine.backfillSession(connection, context.backfill())) {
            rows = fill(new Batches(connection, engine, context.backfill(), context.lock(), context.ddl()), s, progress);
        } catch (BatchFailure e) {
            throw e;
        } catch (SQLException | RuntimeException e) {
            // Rows of a transaction that was rolled back are not in the table: they do not count.
            throw new BatchFailure(Message.BATCH_FAILED.format(progress.committed(), progress.committedBatches(),
                    e.getMessage()), progress.committed(), e);
        }
        progress.finished();
        try {
            afterFill(context);
        } catch (SQLException | RuntimeException e) {
            // The rows are filled and committed: the history counts them even though the step fails here.
            throw new BatchFailure(e.getMessage(), rows, e);
        }
        return new Step.Outcome(shown, rows);
    }

    /**
     * Stops with the rows' number when rows are still NULL: a backfill that yields NULL for some rows
     * must end here, the column still nullable.
     */
    public static void requireNoNullsLeft(Connection connection, Sql sql, Target target) throws SQLException {
        long left = Sql.count(connection, sql.countNulls(target));
        if (left > 0) {
            throw stillNull(connection, sql, left, target);
        }
    }

    /**
     * The failure for {@code left} rows still NULL after the backfill: a SQL backfill that yields NULL
     * for them, or, when it gives each of them a value, rows written after it had passed by a writer
     * that omits the column (an old version's instance, with nothing to fill its inserts).
     */
    public static IllegalStateException stillNull(Connection connection, Sql sql, long left, Target target) {
        String backfill = target.spec().backfill().sql();
        String why = target.spec().backfill().isJava() ? Message.ROW_BACKFILL_MISSED.format(backfill)
                : FailureDetails.yieldingNull(connection, sql, target) == 0
                        ? Message.WRITTEN_AFTER_THE_BACKFILL.format(backfill)
                        : Message.BACKFILL_YIELDS_NULL.format(backfill, backfill);
        return Message.ROWS_STILL_NULL.failure(left, target.table(), target.column(), why);
    }
}
