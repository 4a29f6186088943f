package io.requiredsince.runtime.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Semaphore;
import java.util.zip.CRC32;
import javax.sql.DataSource;
import org.jooq.impl.DSL;

/**
 * One migrator at a time per database and history table, across processes. Every kind of lock
 * here dies with its holder, so a killed migrator never leaves a lock behind:
 *
 * <ul>
 *   <li>PostgreSQL: a session-level advisory lock on a dedicated connection; the server releases it
 *       when the connection ends, however it ends.</li>
 *   <li>MySQL, MariaDB: {@code GET_LOCK} on a dedicated connection (the name carries the database,
 *       since the lock is server-wide); released with the connection.</li>
 *   <li>H2, HSQLDB, Derby through a server: a row lock on the one row of {@code <history>_lock}, held
 *       by an open transaction on a dedicated connection; a dead holder's transaction is rolled back.
 *       Embedded (in-memory or file without a server mode), the database lives in one process, which
 *       already excludes every other: a JVM-wide lock per database URL is exact there, and keeps H2's
 *       DDL from waiting on the lock's open transaction (about a second per ALTER TABLE).</li>
 *   <li>SQLite: an operating-system lock ({@code FileChannel.lock}) on {@code <database>.requiredsince.lock}
 *       next to the database file, released by the OS when the process dies, plus a JVM-wide lock
 *       for migrators in the same process (the OS lock is per process).</li>
 * </ul>
 *
 * <p>Waiting is bounded: the lock is tried, then tried again with a growing pause until the
 * timeout, after which acquiring fails with a message naming the lock.
 */
public abstract class MigrationLock implements AutoCloseable {

    private static final Duration FIRST_PAUSE = Duration.ofMillis(20);
    private static final Duration MAX_PAUSE = Duration.ofMillis(500);

    /** What the lock is called in messages. */
    abstract String describe();

    /** Tries once; true when the lock is now held. */
    abstract boolean tryAcquire() throws SQLException;

    /** Releases the lock and whatever holds it. */
    @Override
    public abstract void close() throws SQLException;

    /**
     * Takes the migration lock for {@code historyTable} on the database behind {@code dataSource}.
     *
     * @throws LockTimeoutException when another migrator held it for all of {@code timeout}
     */
    public static MigrationLock acquire(DataSource dataSource, EngineInfo engine, String historySchema,
                                        String historyTable, Duration timeout) throws SQLException {
        return acquire(dataSource, null, engine, historySchema, historyTable, timeout);
    }

    /**
     * As {@link #acquire(DataSource, EngineInfo, String, String, Duration)}; {@code caller}, a connection
     * the caller already holds on the same database (left open, never changed), tells the database URL,
     * so embedded databases and SQLite need no second connection. Database servers still get a dedicated
     * connection from {@code dataSource}, which holds the lock.
     */
    public static MigrationLock acquire(DataSource dataSource, Connection caller, EngineInfo engine,
                                        String historySchema, String historyTable, Duration timeout)
            throws SQLException {
        MigrationLock lock = forEngine(dataSource, caller, engine, historySchema, historyTable);
        try {
            long deadline = System.nanoTime() + timeout.toNanos();
            Duration pause = FIRST_PAUSE;
            while (!lock.tryAcquire()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new LockTimeoutException("Another migrator holds " + lock.describe() + " and did not"
                            + " release it within " + timeout.toMillis() + " ms. It is released when that migrator"
                            + " finishes or its process ends; raise Migrator.configure(..).lockTimeout(..) to wait"
                            + " longer.");
                }
                sleep(Math.min(pause.toNanos(), left));
                pause = pause.multipliedBy(2).compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause.multipliedBy(2);
            }
            return lock;
        } catch (SQLException | RuntimeException e) {
            // Closing must not hide why the lock was not taken.
            try {
                lock.close();
            } catch (SQLException | RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    /** The lock could not be taken in time. */
    public static final class LockTimeoutException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        LockTimeoutException(String message) {
            super(message);
        }
    }

    private static void sleep(long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the migration lock", e);
        }
    }

    private static MigrationLock forEngine(DataSource dataSource, Connection caller, EngineInfo engine,
                                           String historySchema, String historyTable) throws SQLException {
        String qualified = (historySchema == null ? "" : historySchema + ".") + historyTable;
        return switch (engine.engine()) {
            case POSTGRES -> onNewConnection(dataSource, c -> SessionLock.postgres(c, qualified));
            case MYSQL, MARIADB -> onNewConnection(dataSource, c -> SessionLock.mysql(c, qualified));
            case SQLITE -> SqliteLock.open(url(dataSource, caller), qualified);
            default -> {
                String url = url(dataSource, caller);
                if (embedded(engine.engine(), url)) {
                    yield new JvmLock(engine.engine() + ":" + url + "#" + qualified);
                }
                yield onNewConnection(dataSource, c -> new RowLock(c, engine, historySchema, historyTable));
            }
        };
    }

    private interface LockOnConnection {
        MigrationLock open(Connection connection) throws SQLException;
    }

    /** A lock on a dedicated connection, which is closed again when setting the lock up fails. */
    private static MigrationLock onNewConnection(DataSource dataSource, LockOnConnection lock) throws SQLException {
        Connection connection = dataSource.getConnection();
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

    private static String url(DataSource dataSource, Connection caller) throws SQLException {
        if (caller != null) {
            return caller.getMetaData().getURL();
        }
        try (Connection c = dataSource.getConnection()) {
            return c.getMetaData().getURL();
        }
    }

    private interface Release {
        void run() throws SQLException;
    }

    /**
     * Releases a lock held by a dedicated connection, puts back its auto-commit mode and closes it.
     * When releasing fails, the connection is aborted rather than handed back to a pool: a session
     * lock still held would otherwise live on in the pool and block every later migrator.
     */
    static void releaseAndClose(Connection connection, boolean autoCommit, Release release) throws SQLException {
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

    /** Whether the URL opens the database inside this process, where no other process can open it. */
    static boolean embedded(Engine engine, String url) {
        String u = url == null ? "" : url.toLowerCase(java.util.Locale.ROOT);
        return switch (engine) {
            case H2 -> u.startsWith("jdbc:h2:") && !u.startsWith("jdbc:h2:tcp:") && !u.startsWith("jdbc:h2:ssl:")
                    && !u.contains("auto_server=true");
            case HSQLDB -> u.startsWith("jdbc:hsqldb:mem:") || u.startsWith("jdbc:hsqldb:file:")
                    || u.startsWith("jdbc:hsqldb:res:");
            case DERBY -> u.startsWith("jdbc:derby:") && !u.startsWith("jdbc:derby://");
            default -> false;
        };
    }

    // ---- PostgreSQL, MySQL / MariaDB ----

    /**
     * A lock the server ties to a session: taken by a query that answers whether it was granted,
     * released by another, both with one parameter, on a connection of its own. It dies with the
     * session.
     */
    private static final class SessionLock extends MigrationLock {
        private final Connection connection;
        private final boolean autoCommit;
        private final String description;
        private final String tryQuery;
        private final String unlockQuery;
        private final Object parameter;
        private boolean held;
        private boolean closed;

        private SessionLock(Connection connection, String description, String tryQuery, String unlockQuery,
                            Object parameter) throws SQLException {
            this.connection = connection;
            this.autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(true);
            this.description = description;
            this.tryQuery = tryQuery;
            this.unlockQuery = unlockQuery;
            this.parameter = parameter;
        }

        static SessionLock postgres(Connection connection, String qualified) throws SQLException {
            // A fixed prefix in the high bits keeps the key apart from other applications' advisory locks.
            long key = (0x52534D49L << 32) | crc(qualified);
            return new SessionLock(connection, "the PostgreSQL advisory lock " + key + " (migration lock of "
                    + qualified + ")", "SELECT pg_try_advisory_lock(?)", "SELECT pg_advisory_unlock(?)", key);
        }

        static SessionLock mysql(Connection connection, String qualified) throws SQLException {
            String database;
            try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("SELECT DATABASE()")) {
                rs.next();
                database = rs.getString(1);
            }
            String full = "requiredsince:" + database + "." + qualified;
            // GET_LOCK names are at most 64 characters.
            String lockName = full.length() <= 64 ? full : "requiredsince:" + Long.toHexString(crc(full))
                    + ":" + full.substring(full.length() - 40);
            // GET_LOCK answers 1 when granted: read as a boolean, like PostgreSQL's answer.
            return new SessionLock(connection, "the lock GET_LOCK('" + lockName + "')", "SELECT GET_LOCK(?, 0)",
                    "SELECT RELEASE_LOCK(?)", lockName);
        }

        @Override
        String describe() {
            return description;
        }

        @Override
        boolean tryAcquire() throws SQLException {
            try (PreparedStatement ps = connection.prepareStatement(tryQuery)) {
                ps.setObject(1, parameter);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    held = rs.getBoolean(1);
                    return held;
                }
            }
        }

        @Override
        public void close() throws SQLException {
            if (closed) {
                return;
            }
            closed = true;
            releaseAndClose(connection, autoCommit, () -> {
                if (held) {
                    try (PreparedStatement ps = connection.prepareStatement(unlockQuery)) {
                        ps.setObject(1, parameter);
                        ps.execute();
                    }
                    held = false;
                }
            });
        }
    }

    // ---- H2, HSQLDB, Derby ----

    /**
     * A row lock in a small table next to the history. The lock is an UPDATE left uncommitted; a
     * waiting UPDATE is bounded by the statement's query timeout and retried until the deadline.
     */
    private static final class RowLock extends MigrationLock {
        /**
         * What H2, HSQLDB and Derby report when the row is held by another transaction: lock or query
         * timeout, deadlock victim, statement cancelled. Anything else (a missing privilege, a table of
         * another shape, a broken connection) is an error, not a busy lock.
         */
        private static final Set<String> BUSY = Set.of(
                "HYT00", "HYT01", "HY008", // timeout (H2's lock timeout 50200, HSQLDB), cancelled
                "40001", // deadlock or serialization failure (all three)
                "57014", // H2: statement cancelled
                "90131", // H2: concurrent update
                "40XL1", "40XL2", // Derby: lock wait timeout
                "XCL52"); // Derby: statement cancelled or timed out

        private final Connection connection;
        private final boolean autoCommit;
        private final String table;
        private final String lockColumn;
        private final String idColumn;
        private boolean closed;

        RowLock(Connection connection, EngineInfo engine, String historySchema, String historyTable)
                throws SQLException {
            this.connection = connection;
            this.autoCommit = connection.getAutoCommit();
            Sql sql = new Sql(engine);
            String name = Identifiers.fold(historyTable + "_lock", engine);
            this.table = historySchema == null ? sql.quoted(DSL.name(name))
                    : sql.quoted(DSL.name(Identifiers.fold(historySchema, engine), name));
            this.lockColumn = sql.quoted(DSL.name(Identifiers.fold("locked_by", engine)));
            this.idColumn = sql.quoted(DSL.name(Identifiers.fold("id", engine)));
            connection.setAutoCommit(true);
            SchemaInspector inspector = new SchemaInspector(connection, engine);
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
        String describe() {
            return "the row lock on " + table;
        }

        @Override
        boolean tryAcquire() throws SQLException {
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

        static boolean busy(SQLException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof SQLException s && s.getSQLState() != null && BUSY.contains(s.getSQLState())) {
                    return true;
                }
            }
            return false;
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

    // ---- SQLite ----

    private static final Map<String, Semaphore> JVM_LOCKS = new ConcurrentHashMap<>();

    /** A lock within this JVM only, for databases no other process can open; not reentrant, like the others. */
    private static final class JvmLock extends MigrationLock {
        private final String key;
        private final Semaphore lock;
        private boolean held;

        JvmLock(String key) {
            this.key = key;
            this.lock = JVM_LOCKS.computeIfAbsent(key, k -> new Semaphore(1));
        }

        @Override
        String describe() {
            return "the in-process migration lock of " + key;
        }

        @Override
        boolean tryAcquire() {
            held = lock.tryAcquire();
            return held;
        }

        @Override
        public void close() {
            if (held) {
                lock.release();
                held = false;
            }
        }
    }

    private static final class SqliteLock extends MigrationLock {
        private final Path lockFile;
        private final Semaphore jvmLock;
        private FileChannel channel;
        private FileLock fileLock;
        private boolean jvmHeld;

        private SqliteLock(Path lockFile) {
            this.lockFile = lockFile;
            this.jvmLock = JVM_LOCKS.computeIfAbsent("sqlite:" + lockFile, p -> new Semaphore(1));
        }

        static SqliteLock open(String url, String qualified) {
            String file = databaseFile(url);
            // An in-memory database lives in one process: the JVM-wide lock is all there is to hold.
            Path path = file == null ? Paths.get(System.getProperty("java.io.tmpdir"), "requiredsince-memory-"
                    + ProcessHandle.current().pid() + ".lock")
                    : Paths.get(file + "." + (qualified.equals("requiredsince_history") ? "" : qualified + ".")
                            + "requiredsince.lock");
            return new SqliteLock(path.toAbsolutePath().normalize());
        }

        private static String databaseFile(String url) {
            String rest = url.startsWith("jdbc:sqlite:") ? url.substring("jdbc:sqlite:".length()) : url;
            if (rest.startsWith("file:")) {
                rest = rest.substring("file:".length());
            }
            int q = rest.indexOf('?');
            if (q >= 0) {
                rest = rest.substring(0, q);
            }
            if (rest.isEmpty() || rest.startsWith(":memory:") || rest.contains("mode=memory")) {
                return null;
            }
            return rest;
        }

        @Override
        String describe() {
            return "the file lock on " + lockFile;
        }

        @Override
        boolean tryAcquire() throws SQLException {
            if (!jvmHeld) {
                if (!jvmLock.tryAcquire()) {
                    return false;
                }
                jvmHeld = true;
            }
            try {
                if (channel == null) {
                    channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                }
                fileLock = channel.tryLock();
                return fileLock != null;
            } catch (OverlappingFileLockException e) {
                return false;
            } catch (IOException e) {
                throw new SQLException("Cannot lock " + lockFile + ": " + e.getMessage(), e);
            }
        }

        /** Idempotent; each resource is released even when releasing another one failed. */
        @Override
        public void close() throws SQLException {
            IOException failure = null;
            try {
                if (fileLock != null) {
                    fileLock.release();
                }
            } catch (IOException e) {
                failure = e;
            } finally {
                fileLock = null;
            }
            try {
                if (channel != null) {
                    channel.close();
                }
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            } finally {
                channel = null;
            }
            if (jvmHeld) {
                jvmHeld = false;
                jvmLock.release();
            }
            if (failure != null) {
                throw new SQLException("Cannot release " + lockFile + ": " + failure.getMessage(), failure);
            }
        }
    }

    private static long crc(String s) {
        CRC32 crc = new CRC32();
        crc.update(s.getBytes(StandardCharsets.UTF_8));
        return crc.getValue();
    }
}
