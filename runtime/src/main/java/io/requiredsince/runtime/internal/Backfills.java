package io.requiredsince.runtime.internal;

import io.requiredsince.runtime.internal.Step.Guard;
import java.sql.SQLException;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The backfill steps every engine can run: the batched walk over the whole table, then the final
 * pass over the rows written while it ran (old application instances insert without the column),
 * after which no row may be NULL. Both are guarded by {@code col IS NULL}. The final pass finds the
 * rows still NULL with reads that take no lock, and updates them in batches by key: one
 * {@code UPDATE … WHERE col IS NULL} would lock every row it scans on InnoDB while it reads the
 * whole table, and the application's writers would wait that long.
 */
public final class Backfills {

    /** The step names reports and listeners see. */
    public static final String WALK_STEP = "backfill";
    public static final String SWEEP_STEP = "final pass";

    private Backfills() {
    }

    /** The batched walk. */
    public static Step walk(EngineSupport engine, Target target) {
        return new Step(WALK_STEP, Guard.COLUMN_NULLABLE, UnaryOperator.identity(), new Walk(engine, target));
    }

    /** The final pass, then the proof that no row is NULL. */
    public static Step sweep(EngineSupport engine, Target target) {
        return new Step(SWEEP_STEP, Guard.COLUMN_NULLABLE, UnaryOperator.identity(), new Sweep(engine, target));
    }

    private static final class Walk extends BackfillAction {
        Walk(EngineSupport engine, Target target) {
            super(engine, target);
        }

        @Override
        protected List<String> statements(BackfillStatements s) {
            return s.walkPlan();
        }

        @Override
        protected long fill(Batches batches, BackfillStatements s, Progress progress) throws SQLException {
            return batches.walk(s, progress);
        }

        @Override
        protected List<String> scriptStatements(java.sql.Connection connection, BackfillStatements s,
                                                BackfillSettings settings) throws SQLException {
            return s.walkScript(connection, settings);
        }
    }

    private static final class Sweep extends BackfillAction {
        Sweep(EngineSupport engine, Target target) {
            super(engine, target);
        }

        @Override
        protected List<String> statements(BackfillStatements s) {
            return s.keyedFinalPassPlan();
        }

        /** A script runs in auto-commit, by hand: the one statement over the rows still NULL. */
        @Override
        protected List<String> scriptStatements(java.sql.Connection connection, BackfillStatements s,
                                                BackfillSettings settings) {
            return s.finalPassPlan();
        }

        @Override
        protected long fill(Batches batches, BackfillStatements s, Progress progress) throws SQLException {
            return batches.keyedSweep(s, progress);
        }

        @Override
        protected void afterFill(StepContext context) throws SQLException {
            requireNoNullsLeft(context.connection(), engine.sql(), target);
        }
    }
}
