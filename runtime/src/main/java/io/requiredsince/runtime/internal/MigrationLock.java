package io.requiredsince.runtime.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * One migrator at a time per database and history table, across processes. Each engine's package
 * says which kind of lock it takes ({@link EngineSupport#migrationLock}); every kind dies with its
 * holder, so a killed migrator never leaves a lock behind: a session lock of the server
 * ({@link SessionLock}), a row lock held by an open transaction, an operating-system file lock, or
 * for databases that live in this process only, a lock of this JVM ({@link JvmLock}).
 *
 * <p>Waiting is bounded: the lock is tried, then tried again with a growing pause until the
 * timeout, after which acquiring fails with a message naming the lock.
 */
public abstract class MigrationLock implements AutoCloseable, LockProof {

    private static final Duration FIRST_PAUSE = Duration.ofMillis(20);
    private static final Duration MAX_PAUSE = Duration.ofMillis(500);

    /** What the lock is called in messages. */
    protected abstract String describe();

    /** Tries once; true when the lock is now held. */
    protected abstract boolean tryAcquire() throws SQLException;

    /** Releases the lock and whatever holds it. */
    @Override
    public abstract void close() throws SQLException;

    /**
     * Called once the lock is held, before the migrator reads anything: a lock that outlives no
     * statement of a dead holder has nothing to wait for. {@code max} is what is left of the wait.
     */
    protected void acquired(Duration max) throws SQLException {
    }

    /**
     * By default a lock cannot be lost while its holder lives (it lives in this process, or on the
     * connection that does the work, whose loss ends the work too); a lock held on a connection of its
     * own proves it is still there.
     */
    @Override
    public void proveHeld() throws SQLException {
    }

    /**
     * Takes the migration lock for {@code historyTable} on the database behind {@code dataSource}.
     * {@code caller}, a connection the caller already holds on the same database (left open, never
     * changed), tells the database URL, so embedded databases and SQLite need no second connection;
     * database servers get a dedicated connection from {@code dataSource}, which holds the lock.
     *
     * @throws LockTimeoutException when another migrator held it for all of {@code timeout}
     */
    public static MigrationLock acquire(EngineSupport engine, DataSource dataSource, Connection caller,
                                        String historySchema, String historyTable, Duration timeout)
            throws SQLException {
        return acquire(engine, dataSource, caller, historySchema, historyTable, timeout, System.nanoTime()
                + timeout.toNanos());
    }

    /** As above, waiting until {@code deadline} ({@link System#nanoTime()}) of the {@code timeout} a message names. */
    static MigrationLock acquire(EngineSupport engine, DataSource dataSource, Connection caller, String historySchema,
                                 String historyTable, Duration timeout, long deadline) throws SQLException {
        MigrationLock lock = engine.migrationLock(dataSource, caller, historySchema, historyTable);
        try {
            Duration pause = FIRST_PAUSE;
            while (!lock.tryAcquire()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new LockTimeoutException(Message.MIGRATION_LOCK_TIMEOUT.format(lock.describe(),
                            timeout.toMillis()));
                }
                sleep(Math.min(pause.toNanos(), left));
                pause = pause.multipliedBy(2).compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause.multipliedBy(2);
            }
            lock.acquired(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            return lock;
        } catch (SQLException | RuntimeException e) {
            // Closing must not hide why the lock was not taken.
            lock.closeAfter(e);
            throw e;
        }
    }

    /** Releases the lock after {@code failure}, to which a failure to release is attached. */
    void closeAfter(Exception failure) {
        try {
            close();
        } catch (SQLException | RuntimeException closing) {
            failure.addSuppressed(closing);
        }
    }

    /** The lock could not be taken in time. */
    public static final class LockTimeoutException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        public LockTimeoutException(String message) {
            super(message);
        }
    }

    private static void sleep(long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(Message.INTERRUPTED.format("waiting for the migration lock"), e);
        }
    }

    /** {@code schema.table} of the history, as lock names carry it. */
    public static String qualified(String historySchema, String historyTable) {
        return (historySchema == null ? "" : historySchema + ".") + historyTable;
    }

    /** Opens a lock on a connection. */
    public interface LockOnConnection {
        MigrationLock open(Connection connection) throws SQLException;
    }

    /**
     * A lock on a dedicated connection, which is closed again when setting the lock up fails. The
     * migrator already holds one connection of the pool: when the pool has no second one, the error
     * says so.
     */
    public static MigrationLock onNewConnection(DataSource dataSource, LockOnConnection lock) throws SQLException {
        Connection connection;
        try {
            connection = dataSource.getConnection();
        } catch (SQLException e) {
            throw new SQLException(Message.LOCK_NEEDS_CONNECTION.format(e.getMessage()), e.getSQLState(), e);
        }
        try {
            return lock.open(connection);
        } catch (SQLException | RuntimeException e) {
            try {
                connection.close();
            } catch (SQLException | RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    /** The database URL, read from {@code caller} when given. */
    public static String url(DataSource dataSource, Connection caller) throws SQLException {
        if (caller != null) {
            return caller.getMetaData().getURL();
        }
        try (Connection c = dataSource.getConnection()) {
            return c.getMetaData().getURL();
        }
    }

    /** Releases a lock held on a connection. */
    public interface Release {
        void run() throws SQLException;
    }

    /**
     * Releases a lock held by a dedicated connection, puts back its auto-commit mode and closes it.
     * When releasing fails, the connection is aborted rather than handed back to a pool: a session
     * lock still held would otherwise live on in the pool and block every later migrator.
     */
    public static void releaseAndClose(Connection connection, boolean autoCommit, Release release) throws SQLException {
        try {
            if (!connection.isClosed()) {
                release.run();
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException | RuntimeException e) {
            try {
                connection.abort(Runnable::run);
            } catch (SQLException | RuntimeException aborting) {
                e.addSuppressed(aborting);
            }
            try {
                connection.close();
            } catch (SQLException | RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
        connection.close();
    }

}
