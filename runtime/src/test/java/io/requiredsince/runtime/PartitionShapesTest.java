package io.requiredsince.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;

/**
 * The other shapes of a partitioned table: PostgreSQL LIST partitions with a DEFAULT partition and a
 * HASH-partitioned sub-partition, and MariaDB's {@code PARTITION BY RANGE} and {@code HASH}; a
 * constant and an expression, expanded while the old version inserts into several partitions, then
 * completed. Every partition ends NOT NULL with every row's value.
 */
class PartitionShapesTest {

    private static final int ROWS = 300;

    private static List<Migration> migrations() {
        return List.of(
                TestMigration.of("2", "accounts", "tier", SqlType.varchar(20), Backfill.constant("'basic'"), false),
                TestMigration.of("3", "accounts", "handle", SqlType.varchar(100), Backfill.expression("lower(name)"), false));
    }

    private static void insertRows(TestDatabase db) {
        StringBuilder insert = new StringBuilder("INSERT INTO accounts (id, region, name) VALUES ");
        String[] regions = {"eu", "us", "ap", "sa"};
        for (int i = 1; i <= ROWS; i++) {
            insert.append(i > 1 ? ", " : "").append("(").append(i).append(", '").append(regions[i % 4])
                    .append("', 'Account ").append(i).append("')");
        }
        db.execute(insert.toString());
    }

    private static void expandInsertComplete(TestDatabase db) {
        Migrator migrator = Migrator.configure(db.dataSource).migrations(migrations()).batchSize(40)
                .batchDuration(Duration.ZERO).load();
        migrator.migrate();
        // The previous version inserts into several partitions, the default one included, without the new columns.
        db.execute("INSERT INTO accounts (id, region, name) VALUES (1001, 'eu', 'Late EU'), (1002, 'us', 'Late US'),"
                + " (1003, 'sa', 'Late SA')");
        migrator.complete();
        assertEquals(List.of(MigrationState.APPLIED, MigrationState.APPLIED),
                migrator.info().stream().map(MigrationInfo::state).toList());
        assertEquals(0L, ((Number) db.single("SELECT count(*) FROM accounts WHERE tier <> 'basic' OR tier IS NULL"
                + " OR handle IS NULL OR handle <> lower(name)")).longValue());
        assertEquals(ROWS + 3L, ((Number) db.single("SELECT count(*) FROM accounts")).longValue());
    }

    // Default and hash partitions exist from 11 on; a fill on a partitioned table needs row triggers there (13).
    @EngineTest(family = EngineFamily.POSTGRES, except = {TestEngine.POSTGRES_10, TestEngine.POSTGRES_11,
            TestEngine.POSTGRES_12})
    void postgresListWithDefaultAndHashSubpartitions(TestDatabase db) {
        db.execute("CREATE TABLE accounts (id INTEGER NOT NULL, region TEXT NOT NULL, name TEXT NOT NULL,"
                        + " PRIMARY KEY (id, region)) PARTITION BY LIST (region)",
                "CREATE TABLE accounts_eu PARTITION OF accounts FOR VALUES IN ('eu')",
                "CREATE TABLE accounts_us PARTITION OF accounts FOR VALUES IN ('us') PARTITION BY HASH (id)",
                "CREATE TABLE accounts_us_0 PARTITION OF accounts_us FOR VALUES WITH (MODULUS 2, REMAINDER 0)",
                "CREATE TABLE accounts_us_1 PARTITION OF accounts_us FOR VALUES WITH (MODULUS 2, REMAINDER 1)",
                "CREATE TABLE accounts_other PARTITION OF accounts DEFAULT");
        insertRows(db);

        expandInsertComplete(db);

        assertEquals(List.of(List.of("accounts", true, true), List.of("accounts_eu", true, true),
                        List.of("accounts_other", true, true), List.of("accounts_us", true, true),
                        List.of("accounts_us_0", true, true), List.of("accounts_us_1", true, true)),
                db.query("SELECT c.relname, bool_and(a.attnotnull) FILTER (WHERE a.attname = 'tier'),"
                        + " bool_and(a.attnotnull) FILTER (WHERE a.attname = 'handle') FROM pg_attribute a"
                        + " JOIN pg_class c ON c.oid = a.attrelid WHERE a.attname IN ('tier', 'handle')"
                        + " AND c.relname LIKE 'accounts%' GROUP BY c.relname ORDER BY c.relname"),
                "NOT NULL on the parent and every partition");
        assertEquals(List.of(), db.query("SELECT tgname FROM pg_trigger WHERE tgname LIKE 'requiredsince_fill_%'"));
    }

    @EngineTest(family = EngineFamily.MARIADB)
    void mariadbRangeAndHashPartitions(TestDatabase db) {
        db.execute("CREATE TABLE accounts (id INTEGER NOT NULL, region VARCHAR(10) NOT NULL, name VARCHAR(100) NOT NULL,"
                + " PRIMARY KEY (id)) PARTITION BY RANGE (id) (PARTITION p0 VALUES LESS THAN (100),"
                + " PARTITION p1 VALUES LESS THAN (1000), PARTITION pmax VALUES LESS THAN MAXVALUE)");
        insertRows(db);
        expandInsertComplete(db);
        assertEquals(List.of(List.of("handle", "NO"), List.of("tier", "NO")), db.query("SELECT column_name, is_nullable"
                + " FROM information_schema.columns WHERE table_schema = database() AND table_name = 'accounts'"
                + " AND column_name IN ('tier', 'handle') ORDER BY column_name"));
        assertEquals(3L, ((Number) db.single("SELECT count(*) FROM information_schema.partitions"
                + " WHERE table_schema = database() AND table_name = 'accounts'")).longValue());
    }

    @EngineTest(family = EngineFamily.MARIADB)
    void mariadbHashPartitions(TestDatabase db) {
        db.execute("CREATE TABLE accounts (id INTEGER NOT NULL, region VARCHAR(10) NOT NULL, name VARCHAR(100) NOT NULL,"
                + " PRIMARY KEY (id)) PARTITION BY HASH (id) PARTITIONS 4");
        insertRows(db);
        expandInsertComplete(db);
    }
}
