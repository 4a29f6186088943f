package io.requiredsince.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.requiredsince.testkit.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A PostgreSQL primary with a streaming hot standby, both real servers: a migrator pointed at the
 * standby stops at once and says so; {@code maxReplicaLag} holds the batches while the standby's
 * replay is paused and lets them go on when it catches up. And a MySQL/MariaDB server set read-only,
 * as a replica is, refused the same way.
 */
class ReplicaTest {

    private static EmbeddedPostgres primary;
    private static EmbeddedPostgres standby;

    @BeforeAll
    static void start() {
        primary = EmbeddedPostgres.start();
        standby = primary.startStandby();
    }

    @AfterAll
    static void stop() {
        standby.close();
        primary.close();
    }

    private static Migration lowerName(String table) {
        return TestMigration.of("2", table, "handle", SqlType.varchar(100), Backfill.expression("lower(name)"), false);
    }

    private static void run(DataSource ds, String... statements) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    private static long count(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void awaitReplayed(DataSource replica, String sql, long expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                if (count(replica, sql) == expected) {
                    return;
                }
            } catch (SQLException notReplayedYet) {
                // the table or column is not there yet
            }
            assertTrue(System.nanoTime() < deadline, "the standby did not replay: " + sql);
            Thread.sleep(50);
        }
    }

    @Test
    void aMigratorOnTheStandbyStopsAtOnceAndSaysSo() throws Exception {
        primary.createDatabase("standby_refusal");
        run(primary.dataSource("standby_refusal"), "create table standby_owners (id int primary key, name text not null)",
                "insert into standby_owners select g, 'Owner ' || g from generate_series(1, 100) g");
        DataSource onStandby = standby.dataSource("standby_refusal");
        awaitReplayed(onStandby, "select count(*) from standby_owners", 100);

        Migrator migrator = Migrator.configure(onStandby).migrations(List.of(lowerName("standby_owners"))).load();
        MigrationException e = assertThrows(MigrationException.class, migrator::migrate);
        assertTrue(e.getMessage().contains("is a standby in recovery") && e.getMessage().contains("targetServerType=primary")
                && e.getMessage().contains("127.0.0.1:" + standby.port()), e.getMessage());
        assertThrows(MigrationException.class, migrator::complete);
        // Reading works there: what would run, and the state.
        assertEquals(List.of(MigrationState.PENDING), migrator.info().stream().map(MigrationInfo::state).toList());

        Migrator.configure(primary.dataSource("standby_refusal")).migrations(List.of(lowerName("standby_owners")))
                .completeImmediately(true).load().migrate();
        awaitReplayed(onStandby, "select count(*) from standby_owners where handle = lower(name)", 100);
    }

    @Test
    void batchesWaitWhileTheStandbyLagsAndGoOnWhenItCatchesUp() throws Exception {
        DataSource main = primary.createDatabase("replica_lag");
        DataSource onStandby = standby.dataSource("replica_lag");
        run(main, "create table lag_owners (id int primary key, name text not null)",
                "insert into lag_owners select g, 'Owner ' || g from generate_series(1, 30000) g");
        awaitReplayed(onStandby, "select count(*) from lag_owners", 30_000);

        run(onStandby, "select pg_wal_replay_pause()");
        Migrator migrator = Migrator.configure(main).migrations(List.of(lowerName("lag_owners"))).completeImmediately(true)
                .batchSize(1000).batchDuration(Duration.ZERO).batchPause(Duration.ofMillis(100))
                .maxReplicaLag(Duration.ofMillis(300)).load();
        CompletableFuture<MigrationReport> running = CompletableFuture.supplyAsync(migrator::migrate);
        try {
            Thread.sleep(2_500);
            long held = filled(main);
            Thread.sleep(1_500);
            assertFalse(running.isDone(), () -> "the migration did not wait for the paused standby: "
                    + running.handle((report, failure) -> failure != null ? failure.toString() : String.valueOf(report)).join());
            assertEquals(held, filled(main), "batches went on while the standby's replay was paused");
            assertTrue(held < 30_000, held + " rows filled");
        } finally {
            run(onStandby, "select pg_wal_replay_resume()");
        }
        running.get(120, TimeUnit.SECONDS);
        assertEquals(0, count(main, "select count(*) from lag_owners where handle is distinct from lower(name)"));
        awaitReplayed(onStandby, "select count(*) from lag_owners where handle = lower(name)", 30_000);
    }

    private static long filled(DataSource ds) throws SQLException {
        try {
            return count(ds, "select count(*) from lag_owners where handle is not null");
        } catch (SQLException columnNotYetThere) {
            return 0;
        }
    }

    @EngineTest(family = EngineFamily.MARIADB)
    void aReadOnlyMysqlServerIsRefused(TestDatabase db) {
        db.execute("CREATE TABLE ro_owners (id INTEGER PRIMARY KEY, name VARCHAR(100) NOT NULL)");
        Migrator migrator = Migrator.configure(db.dataSource).migrations(List.of(lowerName("ro_owners"))).load();
        db.execute("SET GLOBAL read_only = 1");
        try {
            MigrationException e = assertThrows(MigrationException.class, migrator::migrate);
            assertTrue(e.getMessage().contains("read_only"), e.getMessage());
        } finally {
            db.execute("SET GLOBAL read_only = 0");
        }
        assertEquals(List.of(), db.query("SELECT column_name FROM information_schema.columns WHERE table_name = 'ro_owners'"
                + " AND column_name = 'handle' AND table_schema = database()"));
    }
}
