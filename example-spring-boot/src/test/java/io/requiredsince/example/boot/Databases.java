package io.requiredsince.example.boot;

import io.requiredsince.testkit.FreshDatabase;
import java.util.List;

/** Fresh PostgreSQL databases for the tests, on one embedded server per test JVM. */
final class Databases {

    private Databases() {
    }

    /** A new, empty database's URL, on the embedded PostgreSQL of this JVM. */
    static String fresh() {
        return FreshDatabase.create(FreshDatabase.Engine.POSTGRES_EMBEDDED).url;
    }

    /** A new database as the release before requiredsince left it: Flyway at V1.1, and more rows. */
    static String populated(int owners) {
        String url = fresh();
        org.flywaydb.core.Flyway.configure().dataSource(url, null, null).target("1.1").load().migrate();
        execute(url, "insert into owners (id, name) select g, 'Owner ' || g from generate_series(10, " + (owners + 9) + ") g");
        return url;
    }

    static void execute(String url, String... statements) {
        FreshDatabase.execute(url, statements);
    }

    static List<String> strings(String url, String sql) {
        return FreshDatabase.strings(url, sql);
    }
}
