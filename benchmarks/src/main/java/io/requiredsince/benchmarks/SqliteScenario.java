package io.requiredsince.benchmarks;

import io.requiredsince.runtime.Backfill;
import io.requiredsince.runtime.SqlType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.sql.DataSource;
import org.sqlite.SQLiteDataSource;

/** Scenario 3: SQLite before 3.53, where NOT NULL needs the table rebuild, on 1M rows. */
final class SqliteScenario {

    private final Benchmark b;

    SqliteScenario(Benchmark b) {
        this.b = b;
    }

    private static DataSource database(String name) throws Exception {
        Path file = Path.of("target", name + ".db");
        Files.createDirectories(file.getParent());
        for (String suffix : new String[] {"", "-journal", "-wal", "-shm"}) {
            Files.deleteIfExists(Path.of(file + suffix));
        }
        SQLiteDataSource ds = new SQLiteDataSource();
        ds.setUrl("jdbc:sqlite:" + file);
        Benchmark.exec(ds, "create table organizations (id integer primary key, name text not null, seats integer not null)",
                "with recursive g(n) as (select 1 union all select n + 1 from g where n < 1000000)"
                        + " insert into organizations select n, 'Org ' || n, n % 20 from g",
                "create index organizations_by_name on organizations (name)");
        return ds;
    }

    void rebuild() throws Exception {
        Benchmark.log("3. SQLite < 3.53 rebuild, 1,000,000 rows");
        DataSource ours = database("bench-sqlite-ours");
        String version = Benchmark.count(ours, "select 1") == 1 ? versionOf(ours) : "?";
        double t = Benchmark.seconds(() -> Benchmark.migrator(ours, Benchmark.migration("organizations", "plan",
                SqlType.varchar(20), Backfill.constant("'free'"))).load().migrate());
        DataSource bare = database("bench-sqlite-copy");
        double copy = Benchmark.seconds(() -> Benchmark.exec(bare, "begin",
                "create table organizations_new (id integer primary key, name text not null, seats integer not null,"
                        + " plan varchar(20) not null)",
                "insert into organizations_new select id, name, seats, 'free' from organizations",
                "drop table organizations", "alter table organizations_new rename to organizations",
                "create index organizations_by_name on organizations (name)", "commit"));
        b.add("3. SQLite " + version + " rebuild 1M", "ours / bare CREATE TABLE + INSERT SELECT copy", t, copy, "s",
                "<= 2", t / copy <= 2);
        b.notes.add(String.format(Locale.ROOT, "scenario 3: SQLite %s, ours %.1f s, bare copy %.1f s", version, t, copy));
    }

    private static String versionOf(DataSource ds) throws Exception {
        try (var c = ds.getConnection()) {
            return c.getMetaData().getDatabaseProductVersion();
        }
    }
}
