package io.requiredsince.runtime.internal;

import io.requiredsince.runtime.Migration;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Writes a migration's outcome into the history, and reads what a failed step left, after the
 * migration ran: through the working connection, or, when the database ended that connection (a
 * killed session, a failover), through a new one from the DataSource, so that the history counts
 * the rows the table really keeps. The migration lock stays held meanwhile: on a server it lives on
 * a connection of its own. Nothing here replaces the failure being recorded: what goes wrong while
 * recording is attached to it.
 */
final class OutcomeRecorder implements AutoCloseable {

    private static final System.Logger LOG = Log.get();

    private final Connection working;
    private final HistoryTable history;
    private final DataSource dataSource;
    private final EngineSupport engine;
    private final String historySchema;
    private final String historyTable;
    private final io.requiredsince.runtime.MigrationVersion known;
    private Connection fresh;

    /**
     * @param dataSource where a new connection comes from when the working one is broken; null when
     *     the runner was given a connection only
     * @param known the highest version the running code knows, recorded with an expand; null for none
     */
    OutcomeRecorder(Connection working, HistoryTable history, DataSource dataSource, EngineSupport engine,
                    String historySchema, String historyTable, io.requiredsince.runtime.MigrationVersion known) {
        this.known = known;
        this.working = working;
        this.history = history;
        this.dataSource = dataSource;
        this.engine = engine;
        this.historySchema = historySchema;
        this.historyTable = historyTable;
    }

    /**
     * Records the outcome; true when it was recorded. {@code reached}: what a success reached
     * ({@link HistoryTable#EXPANDED}, {@link HistoryTable#COMPLETED}); {@code completing}: the run was
     * the complete of an expanded migration (see {@link HistoryTable#markFinished}). A failure to
     * record is attached to {@code failure} when there is one (the migration's own), else thrown.
     */
    boolean record(Migration m, boolean succeeded, long millis, long rows, String reached, boolean completing,
                   Throwable failure) throws SQLException {
        try {
            history.markFinished(m, succeeded, millis, rows, succeeded ? reached : null, known, completing);
            return true;
        } catch (SQLException | RuntimeException onWorking) {
            Connection other = healthyOtherThanWorking();
            if (other != null) {
                try {
                    new HistoryTable(other, engine, historySchema, historyTable).markFinished(m, succeeded, millis,
                            rows, succeeded ? reached : null, known, completing);
                    LOG.log(System.Logger.Level.INFO, () -> "Recorded the outcome of " + m.script() + " through a new"
                            + " connection: the working one failed (" + onWorking.getMessage() + ")");
                    return true;
                } catch (SQLException | RuntimeException onFresh) {
                    onWorking.addSuppressed(onFresh);
                }
            }
            if (failure == null) {
                throw onWorking;
            }
            failure.addSuppressed(onWorking);
            return false;
        }
    }

    /** What the failed step left to do ({@link FailureDetails}), or null when it cannot be read. */
    String leftToDo(Target target) {
        Connection c = Connections.isBroken(working) ? healthyOtherThanWorking() : working;
        return c == null ? null : FailureDetails.describe(c, engine, target);
    }

    // A new connection when the working one is broken and a DataSource is known; else null.
    private Connection healthyOtherThanWorking() {
        if (fresh != null) {
            return fresh;
        }
        if (dataSource == null || !Connections.isBroken(working)) {
            return null;
        }
        try {
            fresh = dataSource.getConnection();
            fresh.setAutoCommit(true);
            return fresh;
        } catch (SQLException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, () -> "No new connection to record the outcome through: "
                    + e.getMessage());
            close();
            return null;
        }
    }

    @Override
    public void close() {
        if (fresh != null) {
            try {
                fresh.close();
            } catch (SQLException | RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, () -> "Closing the recording connection: " + e.getMessage());
            } finally {
                fresh = null;
            }
        }
    }
}
