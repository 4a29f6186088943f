package io.requiredsince.runtime;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** How the migrator treats the connections it borrows, and its settings' validation. */
class MigratorConnectionTest {

    /**
     * A pool lends connections in whatever state the application left them; the migrator gives each
     * back as it was lent. The connections here are real ones whose close() is recorded instead of done.
     */
    @EngineTest(only = {TestEngine.H2, TestEngine.POSTGRES_17, TestEngine.SQLITE_CURRENT, TestEngine.MARIADB})
    void connectionsGoBackWithTheirAutoCommitAsLent(Supplier<TestDatabase> engine) throws SQLException {
        TestDatabase db = engine.get();
        db.execute("CREATE TABLE organizations (id INTEGER PRIMARY KEY)", "INSERT INTO organizations (id) VALUES (1)");
        List<Connection> returned = new ArrayList<>();
        SimpleDataSource lending = () -> {
            Connection real = db.dataSource.getConnection();
            real.setAutoCommit(false);
            return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                    new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                        if (method.getName().equals("close")) {
                            returned.add(real);
                            return null;
                        }
                        return method.invoke(real, args);
                    });
        };

        Migrator.configure(lending).completeImmediately(true)
                .migrations(List.of(TestMigration.of("1", "organizations", "plan",
                SqlType.varchar(10), Backfill.constant("'free'"), false))).load().migrate();

        assertFalse(returned.isEmpty());
        for (Connection c : returned) {
            assertFalse(c.getAutoCommit(), "a connection lent with autocommit off comes back with it off");
            c.rollback();
            c.close();
        }
        assertTrue(db.column("organizations", "plan").exists());
    }

    @org.junit.jupiter.api.Test
    void timeoutsMustBePositive() {
        Migrator.Builder b = Migrator.configure(TestDatabase.h2().dataSource).completeImmediately(true);
        assertThrows(IllegalArgumentException.class, () -> b.finalPassLockTimeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> b.ddlLockTimeout(Duration.ofSeconds(-1)));
        assertThrows(IllegalArgumentException.class, () -> b.lockTimeout(null));
    }
}
