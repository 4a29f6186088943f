package io.requiredsince.flyway;

import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;

/**
 * Flyway's PostgreSQL lock, where Flyway's PostgreSQL support is on the class path. Its default, a
 * transactional advisory lock, keeps a transaction of Flyway's open while a step runs, with the
 * snapshot of its last query: {@code CREATE INDEX CONCURRENTLY} waits for it. The session lock
 * ({@code flyway.postgresql.transactional.lock=false}) keeps none.
 */
final class FlywayPostgres {

    private static final boolean PRESENT = present();

    private FlywayPostgres() {
    }

    private static boolean present() {
        try {
            Class.forName("org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension", false,
                    FlywayPostgres.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Whether Flyway holds its PostgreSQL lock in a transaction. */
    static boolean transactionalLock(Configuration configuration) {
        return PRESENT && Extension.transactionalLock(configuration);
    }

    /** Makes Flyway take its PostgreSQL lock for the session instead. */
    static void useSessionLock(Configuration configuration) {
        if (PRESENT) {
            Extension.useSessionLock(configuration);
        }
    }

    // Loaded only where the class exists.
    private static final class Extension {
        static boolean transactionalLock(Configuration configuration) {
            PostgreSQLConfigurationExtension e = configuration.getPluginRegister()
                    .getPlugin(PostgreSQLConfigurationExtension.class);
            return e != null && e.isTransactionalLock();
        }

        static void useSessionLock(Configuration configuration) {
            PostgreSQLConfigurationExtension e = configuration.getPluginRegister()
                    .getPlugin(PostgreSQLConfigurationExtension.class);
            if (e != null && e.isTransactionalLock()) {
                System.getLogger("io.requiredsince.flyway").log(System.Logger.Level.INFO, "requiredsince makes Flyway take"
                        + " its PostgreSQL lock for the session (flyway.postgresql.transactional.lock=false): a transaction"
                        + " held open through a requiredsince step would make its index build wait");
                e.setTransactionalLock(false);
            }
        }
    }
}
