package io.requiredsince.runtime;

import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;

/**
 * The program {@link CrashTest} starts in a child JVM and kills: it applies {@link #MIGRATIONS} to
 * the database at {@code args[0]}, printing {@code START} right before and {@code DONE} after; with
 * {@code args[1]} {@code rolling} as a rolling deploy does, {@code migrate()} (expand) then
 * {@code complete()}, else in one {@code migrate()} ({@code completeImmediately}).
 */
public final class CrashChild {

    static final List<Migration> MIGRATIONS = List.of(
            TestMigration.of("2", "organizations", "plan", SqlType.varchar(20), Backfill.constant("'free'"), false),
            TestMigration.of("3", "organizations", "slug", SqlType.varchar(100), Backfill.expression("lower(name)"),
                    false),
            TestMigration.of("4", "organizations", "seats", SqlType.integer(), Backfill.constant("5"), true));

    private CrashChild() {
    }

    public static void main(String[] args) throws Exception {
        boolean rolling = args.length > 1 && args[1].equals("rolling");
        Migrator migrator = migrator(dataSource(args[0]), rolling);
        System.out.println("START");
        System.out.flush();
        migrator.migrate();
        if (rolling) {
            migrator.complete();
        }
        System.out.println("DONE");
        System.out.flush();
    }

    static Migrator migrator(DataSource ds) {
        return migrator(ds, false);
    }

    static Migrator migrator(DataSource ds, boolean rolling) {
        Migrator.Builder builder = Migrator.configure(ds).completeImmediately(!rolling).migrations(MIGRATIONS)
                .lockTimeout(Duration.ofSeconds(30));
        // A test that must catch the child in its backfill slows the batches down.
        long pause = Long.getLong("requiredsince.test.batchPause", 0);
        if (pause > 0) {
            builder.batchPause(Duration.ofMillis(pause)).batchSize(1_000).batchDuration(Duration.ZERO);
        }
        return builder.load();
    }

    static DataSource dataSource(String url) throws Exception {
        if (url.startsWith("jdbc:postgresql:")) {
            org.postgresql.ds.PGSimpleDataSource ds = new org.postgresql.ds.PGSimpleDataSource();
            ds.setURL(url);
            return ds;
        }
        if (url.startsWith("jdbc:mariadb:")) {
            return new org.mariadb.jdbc.MariaDbDataSource(url);
        }
        if (url.startsWith("jdbc:sqlite:")) {
            org.sqlite.SQLiteDataSource ds = new org.sqlite.SQLiteDataSource();
            ds.setUrl(url);
            return ds;
        }
        org.h2.jdbcx.JdbcDataSource ds = new org.h2.jdbcx.JdbcDataSource();
        ds.setURL(url);
        return ds;
    }
}
