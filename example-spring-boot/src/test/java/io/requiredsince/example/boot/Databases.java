package io.requiredsince.example.boot;

import io.requiredsince.testkit.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Fresh PostgreSQL databases for the tests, on one embedded server per test JVM. */
final class Databases {

    private static final AtomicInteger COUNT = new AtomicInteger();
    private static EmbeddedPostgres server;

    private Databases() {
    }

    /** A new, empty database's URL. */
    static synchronized String fresh() {
        if (server == null) {
            server = EmbeddedPostgres.start();
        }
        String name = "rsexample_" + COUNT.incrementAndGet();
        server.createDatabase(name);
        return server.jdbcUrl(name);
    }

    /** A new database as the release before requiredsince left it: Flyway at V1.1, and more rows. */
    static String populated(int owners) {
        String url = fresh();
        org.flywaydb.core.Flyway.configure().dataSource(url, null, null).target("1.1").load().migrate();
        execute(url, "insert into owners (id, name) select g, 'Owner ' || g from generate_series(10, " + (owners + 9) + ") g");
        return url;
    }

    static void execute(String url, String... statements) {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    static List<String> strings(String url, String sql) {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        return out;
    }
}
