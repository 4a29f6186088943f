package io.requiredsince.runtime.internal.embedded;

import io.requiredsince.runtime.internal.Batches;
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
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.jooq.impl.DSL;

/**
 * A row lock in a small table next to the history. The lock is an UPDATE left uncommitted; a
 * waiting UPDATE is bounded by the statement's query timeout and retried until the deadline.
 */
final class RowLock extends MigrationLock {

    private static final int LOCK_ROW = 1;
    private static final int WORKER_ROW = 2;

    private final Connection connection;
    private final Connection worker;
    private final Sessions sessions;
    private final EngineSupport support;
    private final boolean autoCommit;
    private final String table;
    private final String lockColumn;
    private final String idColumn;
    private boolean closed;
    private boolean workerRecorded;

    /**
     * How an engine names a session and tells whether it still exists.
     *
     * @param current a query answering the session id of the connection it runs on
     * @param exists a query counting the sessions whose id is its one parameter
     */
    record Sessions(String current, String exists) {
    }

    /**
     * @param connection the lock's own connection
     * @param worker the connection that does the work, or null
     * @param sessions how to tell whether a dead migrator's working session still runs, or null
     */
    RowLock(Connection connection, Connection worker, EngineSupport support, String historySchema,
            String historyTable, Sessions sessions) throws SQLException {
        EngineInfo engine = support.info();
        this.connection = connection;
        this.worker = worker;
        this.sessions = sessions;
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
        try (PreparedStatement ps = connection.prepareStatement("UPDATE " + table + " SET " + lockColumn + " = ? WHERE "
                + idColumn + " = " + LOCK_ROW)) {
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

    /**
     * The lock's connection of a killed migrator ends at once, but its working session may still run
     * what it had sent; row {@value #WORKER_ROW}, committed by the working connection, names that
     * session. Waits (at most {@code max}) for the session a dead holder left, then names its own.
     */
    @Override
    protected void acquired(Duration max) throws SQLException {
        if (sessions == null || worker == null) {
            return;
        }
        String mine = text(worker, sessions.current(), null);
        String left = text(worker, "SELECT " + lockColumn + " FROM " + table + " WHERE " + idColumn + " = "
                + WORKER_ROW, null);
        if (left != null && !left.equals(mine)) {
            long until = System.nanoTime() + max.toNanos();
            while (!"0".equals(text(worker, sessions.exists(), left)) && System.nanoTime() < until) {
                Batches.sleep(50);
            }
        }
        try (PreparedStatement ps = worker.prepareStatement("UPDATE " + table + " SET " + lockColumn + " = ? WHERE "
                + idColumn + " = " + WORKER_ROW)) {
            ps.setString(1, mine);
            if (ps.executeUpdate() == 0) {
                try (PreparedStatement insert = worker.prepareStatement("INSERT INTO " + table + " (" + idColumn + ", "
                        + lockColumn + ") VALUES (" + WORKER_ROW + ", ?)")) {
                    insert.setString(1, mine);
                    insert.executeUpdate();
                }
            }
        }
        workerRecorded = true;
    }

    private static String text(Connection c, String query, String parameter) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(query)) {
            if (parameter != null) {
                ps.setString(1, parameter);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    // A migrator that ends normally leaves no session to wait for: its connection may live on in a pool.
    private void forgetWorker() {
        if (!workerRecorded) {
            return;
        }
        workerRecorded = false;
        try (PreparedStatement ps = worker.prepareStatement("DELETE FROM " + table + " WHERE " + idColumn + " = "
                + WORKER_ROW)) {
            ps.executeUpdate();
        } catch (SQLException | RuntimeException e) {
            // Its session is gone then: nothing will wait for it.
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
        forgetWorker();
        // Rolling back ends the transaction that holds the row, which releases the lock.
        releaseAndClose(connection, autoCommit, connection::rollback);
    }
}
