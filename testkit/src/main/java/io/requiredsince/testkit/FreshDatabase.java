package io.requiredsince.testkit;

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
public final class FreshDatabase implements AutoCloseable {

    /** The engines the tests run on. */
    public enum Engine {
        POSTGRES_EMBEDDED, POSTGRES_SERVER, MARIADB_SERVER, SQLITE, H2;

        /** Whether it is one of the PostgreSQL engines. */
        public boolean postgres() {
            return this == POSTGRES_EMBEDDED || this == POSTGRES_SERVER;
        }
    }

    private static final AtomicInteger COUNT = new AtomicInteger();
    private static EmbeddedPostgres embedded;

    /** The engine it runs on. */
    public final Engine engine;
    /** Its JDBC URL, with the user in it where the engine needs one. */
    public final String url;
    private final Runnable drop;

    private FreshDatabase(Engine engine, String url, Runnable drop) {
        this.engine = engine;
        this.url = url;
        this.drop = drop;
    }

    /** The engines of this run: the servers only where their URLs are set (always under CI=true). */
    public static List<Engine> engines() {
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

    /** A new, empty database of its own on {@code engine}. */
    public static FreshDatabase create(Engine engine) {
        String name = "rsdb_" + ProcessHandle.current().pid() + "_" + COUNT.incrementAndGet();
        switch (engine) {
            case POSTGRES_EMBEDDED: {
                EmbeddedPostgres pg = embedded();
                pg.createDatabase(name);
                String admin = pg.jdbcUrl("postgres");
                return new FreshDatabase(engine, pg.jdbcUrl(name), () -> execute(admin, "drop database if exists " + name
                        + " with (force)"));
            }
            case POSTGRES_SERVER: {
                String admin = System.getenv("REQUIREDSINCE_TEST_POSTGRES_URL");
                execute(admin, "create database " + name);
                return new FreshDatabase(engine, admin.replaceFirst("(jdbc:postgresql://[^/]+/)[^?]*", "$1" + name),
                        () -> execute(admin, "drop database if exists " + name + " with (force)"));
            }
            case MARIADB_SERVER: {
                String admin = System.getenv("REQUIREDSINCE_TEST_MARIADB_URL");
                execute(admin, "create database " + name);
                return new FreshDatabase(engine, admin.replaceFirst("(jdbc:mariadb://[^/]+/)[^?]*", "$1" + name),
                        () -> execute(admin, "drop database if exists " + name));
            }
            case SQLITE: {
                try {
                    Path dir = Files.createTempDirectory("requiredsince-db-");
                    return new FreshDatabase(engine, "jdbc:sqlite:" + dir.resolve("app.db"), () -> delete(dir));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            case H2: {
                String url = "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1";
                return new FreshDatabase(engine, url, () -> execute(url, "shutdown"));
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

    /** A new connection to it. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url);
    }

    /** Runs statements on a connection of its own, in autocommit. */
    public void run(String... statements) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    /** The first column of every row {@code sql} returns here, as text. */
    public List<String> strings(String sql) {
        return strings(url, sql);
    }

    /** Runs statements at {@code url} on a connection of its own, in autocommit. */
    public static void execute(String url, String... statements) {
        for (String sql : statements) {
            execute(url, sql);
        }
    }

    /** The first column of every row {@code sql} returns at {@code url}, as text. */
    public static List<String> strings(String url, String sql) {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
        return out;
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
