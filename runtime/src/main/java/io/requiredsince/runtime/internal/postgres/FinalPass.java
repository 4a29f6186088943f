package io.requiredsince.runtime.internal.postgres;

import io.requiredsince.runtime.internal.BackfillAction;
import io.requiredsince.runtime.internal.BackfillSettings;
import io.requiredsince.runtime.internal.BackfillStatements;
import io.requiredsince.runtime.internal.Batches;
import io.requiredsince.runtime.internal.Connections;
import io.requiredsince.runtime.internal.EngineSupport;
import io.requiredsince.runtime.internal.FailureKind;
import io.requiredsince.runtime.internal.LiveColumn;
import io.requiredsince.runtime.internal.Log;
import io.requiredsince.runtime.internal.Message;
import io.requiredsince.runtime.internal.Progress;
import io.requiredsince.runtime.internal.Sql;
import io.requiredsince.runtime.internal.Step;
import io.requiredsince.runtime.internal.Step.Guard;
import io.requiredsince.runtime.internal.Target;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * PostgreSQL's final pass: the rows old application instances wrote while the walk ran are filled
 * under a short table lock, and {@code ADD CONSTRAINT … CHECK … NOT VALID} goes in before that lock
 * is released, so no NULL can slip in between. A partial index over the rows still NULL
 * ({@link NullsIndexes}: per leaf partition of a partitioned table) keeps the locked pass from
 * scanning the whole table while writers wait; it is built under the run's lock timeout and retried,
 * and dropped afterwards, also when the pass fails (an invalid one a failed build left is dropped by
 * the next attempt or run). The lock
 * is taken under {@code SET LOCAL lock_timeout}; a timeout or a deadlock gives way to the
 * application and tries again, 10 times.
 */
final class FinalPass extends BackfillAction {

    static final String STEP = "final pass and check";

    private static final System.Logger LOG = Log.get();
    private static final int LOCK_ATTEMPTS = 10;

    private final NotNullCheck check;

    private FinalPass(EngineSupport engine, Target target, NotNullCheck check) {
        super(engine, target);
        this.check = check;
    }

    static Step step(EngineSupport engine, Target target, NotNullCheck check) {
        return new Step(STEP, Guard.CHECK_ABSENT, c -> c.withCheck(LiveColumn.Check.NOT_VALID),
                new FinalPass(engine, target, check));
    }

    @Override
    public String summary() {
        return check.add();
    }

    @Override
    protected List<String> statements(BackfillStatements s) {
        return statements(s, NullsIndexes.onTable(engine.sql(), target), List.of(), List.of());
    }

    @Override
    protected List<String> statements(Connection connection, BackfillStatements s, BackfillSettings settings)
            throws SQLException {
        return statements(s, indexes(connection, settings), List.of(), List.of());
    }

    // None when the settings turn the concurrent build off: the locked pass then scans the table.
    private NullsIndexes indexes(Connection connection, BackfillSettings settings) throws SQLException {
        return settings.concurrentIndex() ? NullsIndexes.live(connection, engine.sql(), target)
                : NullsIndexes.none(engine.sql(), target);
    }

    /** As a script: the locked pass in a transaction of its own, under the pass's lock timeout. */
    @Override
    protected List<String> scriptStatements(Connection connection, BackfillStatements s, BackfillSettings settings)
            throws SQLException {
        return statements(s, indexes(connection, settings),
                List.of("begin", "set local lock_timeout = " + Math.max(1, settings.lockTimeout().toMillis())),
                List.of("commit"));
    }

    // The locked pass between "opening" and "closing": the run opens and commits its transaction itself.
    private List<String> statements(BackfillStatements s, NullsIndexes indexes, List<String> opening,
                                    List<String> closing) {
        List<String> all = new ArrayList<>(indexes.creates());
        all.addAll(opening);
        all.add(lockTable(s));
        all.addAll(s.finalPassPlan());
        all.add(check.add());
        all.addAll(closing);
        all.addAll(indexes.drops());
        return all;
    }

    @Override
    protected long fill(Batches batches, BackfillStatements s, Progress progress) throws SQLException {
        Connection connection = batches.connection();
        if (!batches.settings().concurrentIndex()) {
            LOG.log(System.Logger.Level.INFO, () -> "Final pass on " + target.table() + ": no concurrent index build"
                    + " (a transaction of the caller stays open), the locked pass scans the table");
            return lockedPass(batches, s, progress);
        }
        NullsIndexes indexes = NullsIndexes.live(connection, engine.sql(), target);
        indexes.create(connection, engine, batches.ddl());
        long rows;
        try {
            rows = lockedPass(batches, s, progress);
        } catch (SQLException | RuntimeException e) {
            indexes.drop(connection, e);
            throw e;
        }
        indexes.drop(connection, null);
        return rows;
    }

    /** Counted once the partial index exists, in {@link #fill}: before it, a count scans the table. */
    @Override
    protected long nullsBeforeFill(Connection connection) {
        return 0;
    }

    private long lockedPass(Batches batches, BackfillStatements s, Progress progress) throws SQLException {
        Connection connection = batches.connection();
        // Through the partial index when one was built: no scan of the table.
        progress.total(Sql.count(connection, engine.sql().countNulls(target)));
        long lockTimeout = batches.settings().lockTimeout().toMillis();
        for (int attempt = 1; ; attempt++) {
            boolean auto = connection.getAutoCommit();
            connection.setAutoCommit(false);
            progress.transactionStarted();
            Throwable failure = null;
            try (Statement st = connection.createStatement()) {
                st.execute("set local lock_timeout = " + Math.max(1, lockTimeout));
                // Writers wait (readers do not) while the last NULL rows are filled and the check goes in.
                st.execute(lockTable(s));
                long rows = target.spec().backfill().isJava() ? batches.java(s, progress, false)
                        : batches.sweep(s, progress);
                long left = Sql.count(connection, engine.sql().countNulls(target));
                if (left > 0) {
                    throw stillNull(connection, engine.sql(), left, target);
                }
                st.execute(check.add());
                connection.commit();
                progress.transactionCommitted();
                return rows;
            } catch (SQLException e) {
                failure = e;
                // On a connection the server ended, rollback fails too: that must not hide why.
                Connections.rollback(connection, e);
                progress.transactionRolledBack();
                FailureKind kind = FailureKind.of(e, engine);
                boolean timeout = kind == FailureKind.LOCK_TIMEOUT;
                boolean deadlock = kind == FailureKind.DEADLOCK;
                if (!(timeout || deadlock) || attempt == LOCK_ATTEMPTS) {
                    throw timeout || deadlock ? new SQLException(Message.FINAL_PASS_LOCK.format(target.table(),
                            timeout ? "within lock_timeout " + lockTimeout + " ms" : "without a deadlock",
                            LOCK_ATTEMPTS), e.getSQLState(), e) : e;
                }
                LOG.log(System.Logger.Level.INFO, () -> "Final pass on " + target.table() + ": " + (timeout
                        ? "lock not granted within lock_timeout" : "deadlock with another session")
                        + ", the application goes first; retrying");
                Batches.sleep(100L * attempt);
            } catch (RuntimeException e) {
                failure = e;
                Connections.rollback(connection, e);
                progress.transactionRolledBack();
                throw e;
            } finally {
                Connections.restoreAutoCommit(connection, auto, failure);
            }
        }
    }

    private String lockTable(BackfillStatements s) {
        return "lock table " + s.quotedTable() + " in share row exclusive mode";
    }
}
