package io.requiredsince.liquibase;

import io.requiredsince.testkit.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A fresh database of its own on one real engine, dropped at close: an embedded PostgreSQL, the
 * machine's PostgreSQL and MariaDB servers (their URLs from {@code REQUIREDSINCE_TEST_POSTGRES_URL} and
 * {@code REQUIREDSINCE_TEST_MARIADB_URL}; under {@code CI=true} a missing one fails the run), SQLite and H2.
 */
final class Database implements AutoCloseable {

    /** The engines the tests run on. */
    enum Engine {
        POSTGRES_EMBEDDED, POSTGRES_SERVER, MARIADB_SERVER, SQLITE, H2;

        boolean postgres() {
            return this == POSTGRES_EMBEDDED || this == POSTGRES_SERVER;
        }
    }

    private static final AtomicInteger COUNT = new AtomicInteger();
    private static EmbeddedPostgres embedded;

    final Engine engine;
    final String url;
    private final Runnable drop;

    private Database(Engine engine, String url, Runnable drop) {
        this.engine = engine;
        this.url = url;
        this.drop = drop;
    }

    /** The engines of this run: the servers only where their URLs are set (always under CI=true). */
    static List<Engine> engines() {
        List<Engine> all = new ArrayList<>(List.of(Engine.POSTGRES_EMBEDDED, Engine.SQLITE, Engine.H2));
        if (setting("REQUIREDSINCE_TEST_POSTGRES_URL") != null) {
            all.add(Engine.POSTGRES_SERVER);
        }
        if (setting("REQUIREDSINCE_TEST_MARIADB_URL") != null) {
            all.add(Engine.MARIADB_SERVER);
        }
        return all;
    }

    private static String setting(String env) {
        String value = System.getenv(env);
        if ((value == null || value.isBlank()) && "true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException("CI=true but " + env + " is not set: the server tests would not run");
        }
        if (value == null || value.isBlank()) {
            System.err.println("[requiredsince tests] " + env + " not set: that server is not tested");
            return null;
        }
        return value;
    }

    static Database create(Engine engine) {
        String name = "rslb_" + ProcessHandle.current().pid() + "_" + COUNT.incrementAndGet();
        switch (engine) {
            case POSTGRES_EMBEDDED: {
                EmbeddedPostgres pg = embedded();
                pg.createDatabase(name);
                String admin = pg.jdbcUrl("postgres");
                return new Database(engine, pg.jdbcUrl(name), () -> execute(admin, "drop database if exists " + name
                        + " with (force)"));
            }
            case POSTGRES_SERVER: {
                String admin = System.getenv("REQUIREDSINCE_TEST_POSTGRES_URL");
                execute(admin, "create database " + name);
                return new Database(engine, admin.replaceFirst("(jdbc:postgresql://[^/]+/)[^?]*", "$1" + name),
                        () -> execute(admin, "drop database if exists " + name + " with (force)"));
            }
            case MARIADB_SERVER: {
                String admin = System.getenv("REQUIREDSINCE_TEST_MARIADB_URL");
                execute(admin, "create database " + name);
                return new Database(engine, admin.replaceFirst("(jdbc:mariadb://[^/]+/)[^?]*", "$1" + name),
                        () -> execute(admin, "drop database if exists " + name));
            }
            case SQLITE: {
                try {
                    Path dir = Files.createTempDirectory("requiredsince-liquibase-");
                    return new Database(engine, "jdbc:sqlite:" + dir.resolve("app.db"), () -> delete(dir));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            case H2: {
                String url = "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1";
                return new Database(engine, url, () -> execute(url, "shutdown"));
            }
            default:
                throw new IllegalArgumentException(engine.toString());
        }
    }

    private static synchronized EmbeddedPostgres embedded() {
        if (embedded == null) {
            embedded = EmbeddedPostgres.start();
        }
        return embedded;
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(url);
    }

    /** Runs statements on a connection of its own, in autocommit. */
    void run(String... statements) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    private static void execute(String url, String sql) {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        drop.run();
    }

    @Override
    public String toString() {
        return engine.toString();
    }
}
