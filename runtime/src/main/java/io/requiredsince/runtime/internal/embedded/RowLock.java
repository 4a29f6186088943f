package io.requiredsince.runtime.internal.embedded;

import io.requiredsince.runtime.internal.EngineInfo;
import io.requiredsince.runtime.internal.EngineSupport;
import io.requiredsince.runtime.internal.FailureKind;
import io.requiredsince.runtime.internal.Identifiers;
import io.requiredsince.runtime.internal.Message;
import io.requiredsince.runtime.internal.MigrationLock;
import io.requiredsince.runtime.internal.SchemaInspector;
import io.requiredsince.runtime.internal.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import org.jooq.impl.DSL;

/**
 * A row lock in a small table next to the history. The lock is an UPDATE left uncommitted; a
 * waiting UPDATE is bounded by the statement's query timeout and retried until the deadline.
 */
final class RowLock extends MigrationLock {
    private final Connection connection;
    private final EngineSupport support;
    private final boolean autoCommit;
    private final String table;
    private final String lockColumn;
    private final String idColumn;
    private boolean closed;

    RowLock(Connection connection, EngineSupport support, String historySchema, String historyTable)
            throws SQLException {
        EngineInfo engine = support.info();
        this.connection = connection;
        this.support = support;
        this.autoCommit = connection.getAutoCommit();
        Sql sql = support.sql();
        String name = Identifiers.fold(historyTable + "_lock", engine);
        this.table = historySchema == null ? sql.quoted(DSL.name(name))
                : sql.quoted(DSL.name(Identifiers.fold(historySchema, engine), name));
        this.lockColumn = sql.quoted(DSL.name(Identifiers.fold("locked_by", engine)));
        this.idColumn = sql.quoted(DSL.name(Identifiers.fold("id", engine)));
        connection.setAutoCommit(true);
        SchemaInspector inspector = new SchemaInspector(connection, support);
        String schema = historySchema == null ? null : Identifiers.fold(historySchema, engine);
        if (!inspector.tableExists(schema, name)) {
            // The row is inserted by tryAcquire, which also repairs a table left empty by a
            // migrator that died between this CREATE and its INSERT.
            try (Statement st = connection.createStatement()) {
                st.execute("CREATE TABLE " + table + " (" + idColumn + " INTEGER NOT NULL PRIMARY KEY, "
                        + lockColumn + " VARCHAR(100))");
            } catch (SQLException e) {
                // Another migrator created it at the same moment: fine, as long as it is there now.
                if (!inspector.tableExists(schema, name)) {
                    throw e;
                }
            }
        }
        connection.setAutoCommit(false);
    }

    @Override
    protected String describe() {
        return "the row lock on " + table;
    }

    @Override
    protected boolean tryAcquire() throws SQLException {
        try {
            if (lockRow() > 0) {
                return true;
            }
            // No row: create it (committed at once, so every migrator sees it) and try again.
            connection.rollback();
            insertRow();
            if (lockRow() > 0) {
                return true;
            }
            connection.rollback();
            return false;
        } catch (SQLException e) {
            try {
                connection.rollback();
            } catch (SQLException rollingBack) {
                e.addSuppressed(rollingBack);
                throw e;
            }
            if (busy(e)) {
                return false;
            }
            throw new SQLException("Cannot take the migration lock: locking the row of " + table + " failed ("
                    + e.getSQLState() + "): " + e.getMessage() + ". The migrator needs to create, insert into"
                    + " and update this table (columns id, locked_by).", e.getSQLState(), e.getErrorCode(), e);
        }
    }

    /** Updates its row again inside the transaction that holds it: instant while held, an error once lost. */
    @Override
    public void proveHeld() throws SQLException {
        int rows;
        try {
            rows = lockRow();
        } catch (SQLException e) {
            throw new SQLException(Message.LOCK_LOST.format(describe(), e.getMessage()), e.getSQLState(), e);
        }
        if (rows == 0) {
            throw new SQLException(Message.LOCK_LOST.format(describe(), "its row is gone"));
        }
    }

    private int lockRow() throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("UPDATE " + table + " SET " + lockColumn + " = ?")) {
            ps.setQueryTimeout(1);
            ps.setString(1, ProcessHandle.current().pid() + "@" + Thread.currentThread().getName());
            return ps.executeUpdate();
        }
    }

    private void insertRow() throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute("INSERT INTO " + table + " (" + idColumn + ", " + lockColumn + ") VALUES (1, NULL)");
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            // Another migrator inserted it first: the row is there, which is all that is needed.
            if (e.getSQLState() == null || !e.getSQLState().startsWith("23")) {
                throw e;
            }
        }
    }

    // Only a row another transaction holds counts as busy; anything else fails at once.
    private boolean busy(SQLException e) {
        FailureKind kind = FailureKind.of(e, support);
        return kind == FailureKind.LOCK_TIMEOUT || kind == FailureKind.DEADLOCK;
    }

    @Override
    public void close() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        // Rolling back ends the transaction that holds the row, which releases the lock.
        releaseAndClose(connection, autoCommit, connection::rollback);
    }
}
