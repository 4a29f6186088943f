package io.requiredsince.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.requiredsince.runtime.internal.EngineSupport;
import io.requiredsince.runtime.internal.Engines;
import io.requiredsince.runtime.internal.MigrationLock;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The row lock in {@code <history>_lock} (H2 through its TCP server): a table left without its row is
 * repaired, an error that is not a busy row fails at once instead of waiting out lockTimeout, and the
 * lock's connection goes back with the auto-commit mode it came with.
 */
class RowLockTest {

    private static TestDatabase database() {
        TestDatabase db = ConcurrentMigratorsTest.h2Server();
        db.execute("CREATE TABLE organizations (id INTEGER PRIMARY KEY, name VARCHAR(100) NOT NULL)",
                "INSERT INTO organizations (id, name) VALUES (1, 'Org 1')");
        return db;
    }

    private static Migrator migrator(javax.sql.DataSource dataSource, Duration lockTimeout) {
        return Migrator.configure(dataSource).completeImmediately(true)
                .migrations(ConcurrentMigratorsTest.migrations().subList(0, 1))
                .lockTimeout(lockTimeout).load();
    }

    @Test
    void aLockTableLeftWithoutItsRowGetsItBack() {
        TestDatabase db = database();
        // What a migrator killed between creating the table and inserting its row leaves behind.
        db.execute("CREATE TABLE requiredsince_history_lock (id INTEGER NOT NULL PRIMARY KEY, locked_by VARCHAR(100))");
        MigrationReport report = migrator(db.dataSource, Duration.ofSeconds(3)).migrate();
        assertEquals(1, report.applied().size());
        assertEquals(1L, ((Number) db.single("SELECT COUNT(*) FROM requiredsince_history_lock")).longValue());
        // And the next migrator takes it at once.
        assertTrue(migrator(db.dataSource, Duration.ofMillis(500)).migrate().applied().isEmpty());
    }

    @Test
    void anErrorThatIsNotABusyRowFailsAtOnce() {
        TestDatabase db = database();
        db.execute("CREATE TABLE requiredsince_history_lock (id INTEGER NOT NULL PRIMARY KEY, holder VARCHAR(100))");
        long t0 = System.nanoTime();
        MigrationException e = assertThrows(MigrationException.class,
                () -> migrator(db.dataSource, Duration.ofSeconds(20)).migrate());
        long waited = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(waited < 10_000, "failed after " + waited + " ms, not at once");
        assertTrue(e.getMessage().contains("Cannot take the migration lock")
                && e.getMessage().contains("REQUIREDSINCE_HISTORY_LOCK")
                && !e.getMessage().contains("Another migrator holds"), e.getMessage());
        assertNotNull(db.tryExecute("SELECT plan FROM organizations"), "nothing was done");
    }

    @Test
    void theLockConnectionGoesBackWithItsAutoCommitMode() {
        TestDatabase db = database();
        List<Boolean> autoCommitAtClose = new ArrayList<>();
        // Like a pool: each connection's state when handed back is what the next borrower gets.
        SimpleDataSource recording = () -> {
            Connection real = db.dataSource.getConnection();
            return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                    new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                        if (method.getName().equals("close") && !real.isClosed()) {
                            synchronized (autoCommitAtClose) {
                                autoCommitAtClose.add(real.getAutoCommit());
                            }
                        }
                        try {
                            return method.invoke(real, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        };
        assertEquals(1, migrator(recording, Duration.ofSeconds(5)).migrate().applied().size());
        assertTrue(autoCommitAtClose.size() >= 2, "the runner's connection and the lock's: " + autoCommitAtClose);
        assertFalse(autoCommitAtClose.contains(false), "auto-commit at close: " + autoCommitAtClose);
    }

    @Test
    void anEmbeddedDatabaseNeedsNoSecondConnectionWhenTheCallerPassesOne() throws SQLException {
        TestDatabase db = TestDatabase.h2();
        SimpleDataSource noMore = () -> {
            throw new SQLException("no second connection");
        };
        try (Connection caller = db.dataSource.getConnection()) {
            EngineSupport info = Engines.detect(caller);
            try (MigrationLock held = MigrationLock.acquire(info, noMore, caller, null, "requiredsince_history",
                    Duration.ofSeconds(1))) {
                assertThrows(MigrationLock.LockTimeoutException.class, () -> MigrationLock.acquire(info, noMore,
                        caller, null, "requiredsince_history", Duration.ofMillis(200)).close());
            }
            assertFalse(caller.isClosed());
            MigrationLock.acquire(info, noMore, caller, null, "requiredsince_history", Duration.ofMillis(200)).close();
        }
    }
}
