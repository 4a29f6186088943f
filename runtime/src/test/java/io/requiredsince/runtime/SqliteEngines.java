package io.requiredsince.runtime;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
import javax.sql.DataSource;

/**
 * SQLite on two drivers: the current sqlite-jdbc on the test class path (SQLite ≥ 3.53: ALTER
 * COLUMN … SET NOT NULL) and an older one (SQLite 3.4x: the table rebuild), which Maven copies to
 * {@code target/sqlite-old} and which is loaded here in a class loader of its own, since two
 * versions of one driver cannot share a class path. Each database is a temporary file, deleted
 * when the JVM exits.
 */
final class SqliteEngines {

    private static Driver oldDriver;

    private SqliteEngines() {
    }

    /** Both SQLite engines, for {@link TestDatabase#engines()}. */
    static List<TestDatabase.MatrixEngine> all() {
        return List.of(TestDatabase.engine(TestEngine.SQLITE_CURRENT, () -> current(false)),
                TestDatabase.engine(TestEngine.SQLITE_OLD, () -> old(false)));
    }

    static TestDatabase current(boolean foreignKeys) {
        return database("SQLite", new org.sqlite.JDBC(), foreignKeys);
    }

    static TestDatabase old(boolean foreignKeys) {
        return database("SQLite (old driver)", oldDriver(), foreignKeys);
    }

    private static TestDatabase database(String engine, Driver driver, boolean foreignKeys) {
        // In a directory of its own, deleted at exit with the journal and the migration's lock file.
        Path file = TempDirectories.create("requiredsince-sqlite-").resolve("test.db");
        Properties props = new Properties();
        if (foreignKeys) {
            props.setProperty("foreign_keys", "true");
        }
        return TestDatabase.of(engine, new DriverDataSource(driver, "jdbc:sqlite:" + file, props));
    }

    static synchronized Driver oldDriver() {
        if (oldDriver == null) {
            Path jar = oldDriverJar();
            try {
                // The platform loader as parent: the current driver's org.sqlite classes stay invisible.
                URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()},
                        ClassLoader.getPlatformClassLoader());
                oldDriver = (Driver) Class.forName("org.sqlite.JDBC", true, loader).getDeclaredConstructor()
                        .newInstance();
            } catch (ReflectiveOperationException | IOException e) {
                throw new IllegalStateException("Cannot load the old SQLite driver from " + jar, e);
            }
        }
        return oldDriver;
    }

    private static Path oldDriverJar() {
        String configured = System.getProperty("requiredsince.test.sqliteOldDriver");
        if (configured != null && Files.isRegularFile(Paths.get(configured))) {
            return Paths.get(configured);
        }
        Path dir = Paths.get("target", "sqlite-old");
        try (var jars = Files.list(dir)) {
            return jars.filter(p -> p.getFileName().toString().endsWith(".jar")).findFirst().orElseThrow();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("The old SQLite driver is missing (" + configured + ", " + dir
                    + "): run the tests through Maven, which copies it there", e);
        }
    }

    /** A DataSource over a driver instance: the old driver is not registered with DriverManager. */
    /** The database file behind a SQLite test database's DataSource. */
    static String file(DataSource dataSource) {
        return ((DriverDataSource) dataSource).url().substring("jdbc:sqlite:".length());
    }

    private record DriverDataSource(Driver driver, String url, Properties props) implements SimpleDataSource {

        @Override
        public Connection getConnection() throws SQLException {
            return driver.connect(url, props);
        }
    }
}
