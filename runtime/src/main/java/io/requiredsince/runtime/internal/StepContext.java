package io.requiredsince.runtime.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * What an action runs with: the connection, the engine, the migration and step it belongs to, and
 * the settings of the run.
 *
 * @param connection the migrator's connection, in auto-commit
 * @param engine the engine's support
 * @param migration the migration's script name, for listeners
 * @param step the step's name
 * @param target the column
 * @param backfill how backfills batch and whom they report to
 * @param ddl how DDL waits for its lock and retries
 * @param lock proves the migration lock still held before every batch
 */
public record StepContext(Connection connection, EngineSupport engine, String migration, String step, Target target,
                          BackfillSettings backfill, DdlLockRetry ddl, LockProof lock) {

    /** A context without a migration lock to prove (a single step run on its own). */
    public StepContext(Connection connection, EngineSupport engine, String migration, String step, Target target,
                       BackfillSettings backfill, DdlLockRetry ddl) {
        this(connection, engine, migration, step, target, backfill, ddl, LockProof.NONE);
    }

    /** Runs {@code attempt} under the engine's bounded DDL lock wait, retried when the wait runs out. */
    public <T> T underDdlLock(DdlLockRetry.Attempt<T> attempt) throws SQLException {
        return ddl.run(connection, engine, target, step, attempt);
    }

    /** Executes one statement; returns its update count. */
    public long execute(String statement) throws SQLException {
        try (Statement st = connection.createStatement()) {
            return st.executeLargeUpdate(statement);
        }
    }

    /** The first column of the first row of {@code query}, as a long. */
    public long count(String query) throws SQLException {
        return Sql.count(connection, query);
    }

    /** Whether {@code query} returns a row. */
    public boolean any(String query) throws SQLException {
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(query)) {
            return rs.next();
        }
    }
}
