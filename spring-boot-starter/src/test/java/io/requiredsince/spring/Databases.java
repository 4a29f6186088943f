package io.requiredsince.spring;

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

    /** A new database with the release before requiredsince: {@code owners} and its rows, no Flyway. */
    static String populated(int owners) {
        String url = fresh();
        execute(url, "create table owners (id bigint primary key, name varchar(100) not null)",
                "insert into owners (id, name) select g, 'Owner ' || g from generate_series(1, " + owners + ") g");
        return url;
    }

    static void execute(String url, String... statements) {
        FreshDatabase.execute(url, statements);
    }

    static List<String> strings(String url, String sql) {
        return FreshDatabase.strings(url, sql);
    }
}
