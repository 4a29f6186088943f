package io.requiredsince.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A table {@code PARTITION BY RANGE}, the usual shape of a big PostgreSQL table, with rows in
 * several partitions: found, migrated on every step of the road (the parent has no storage of its
 * own, so no index can be built on it concurrently and no ctid walked on it alone), NOT NULL on the
 * parent and every partition, nothing of the migrator's left behind. PostgreSQL 10 has no primary
 * key on a partitioned table, so there the table is walked without one.
 */
class PostgresPartitionTest {

    private static final int ROWS = 240;
    private static final String DOMAIN = "lower(split_part(email, '@', 2)) || '#' || id";

    private static int major(TestDatabase db) {
        return ((Number) db.single("SELECT current_setting('server_version_num')::int / 10000")).intValue();
    }

    /** Three yearly partitions, one of them two levels deep, rows in each; with a primary key where the version allows. */
    private static void parted(TestDatabase db, boolean primaryKey) {
        db.execute("CREATE TABLE parted (id INTEGER NOT NULL, created DATE NOT NULL, email VARCHAR(100)"
                        + (primaryKey ? ", PRIMARY KEY (id, created)" : "") + ") PARTITION BY RANGE (created)",
                "CREATE TABLE parted_2022 PARTITION OF parted FOR VALUES FROM ('2022-01-01') TO ('2023-01-01')",
                "CREATE TABLE parted_2023 PARTITION OF parted FOR VALUES FROM ('2023-01-01') TO ('2024-01-01')",
                "CREATE TABLE parted_2024 PARTITION OF parted FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')"
                        + " PARTITION BY RANGE (created)",
                "CREATE TABLE parted_2024_h1 PARTITION OF parted_2024 FOR VALUES FROM ('2024-01-01') TO ('2024-07-01')",
                "CREATE TABLE parted_2024_h2 PARTITION OF parted_2024 FOR VALUES FROM ('2024-07-01') TO ('2025-01-01')",
                "INSERT INTO parted SELECT g, date '2022-01-01' + g * 4, 'User' || g || '@X.org'"
                        + " FROM generate_series(1, " + ROWS + ") g");
        assertEquals(4L, count(db, "SELECT count(DISTINCT tableoid) FROM parted"), "rows in every leaf partition");
    }

    private static long count(TestDatabase db, String sql) {
        return ((Number) db.single(sql)).longValue();
    }

    public static final class Domain implements RowBackfill<String> {
        @Override
        public String compute(Map<String, Object> row) {
            return ((String) row.get("email")).substring(((String) row.get("email")).indexOf('@') + 1)
                    .toLowerCase(Locale.ROOT) + "#" + ((Number) row.get("id")).intValue();
        }
    }

    /**
     * Runs the migration: what {@code plan()} listed is what {@code migrate()} ran, step for step.
     * Returns the rows the batched walk wrote (the final pass's are not counted).
     */
    private static long migrate(TestDatabase db, Backfill backfill, Runnable duringWalk) {
        Migration m = TestMigration.of("1", "parted", "domain", SqlType.varchar(100), backfill, false);
        AtomicBoolean wrote = new AtomicBoolean();
        Migrator migrator = Migrator.configure(db.dataSource).completeImmediately(true)
                .migrations(List.of(m)).batchSize(50)
                .batchDuration(Duration.ZERO).listener(new MigrationListener() {
                    @Override
                    public void batchDone(BackfillProgress progress) {
                        if (!wrote.getAndSet(true)) {
                            duringWalk.run();
                        }
                    }
                }).load();
        List<String> planned = migrator.plan().stream().map(PlannedStatement::sql).toList();
        MigrationReport report = migrator.migrate();
        List<ExecutedStep> steps = report.applied().get(0).steps();
        assertEquals(planned, steps.stream().map(ExecutedStep::sql).toList(), "plan() lists what migrate() ran");
        return steps.stream().filter(st -> st.step().equals("backfill")).mapToLong(ExecutedStep::rows).sum();
    }

    private static void assertEndState(TestDatabase db, List<String> expected) {
        List<String> actual = new ArrayList<>();
        for (List<Object> row : db.query("SELECT domain FROM parted ORDER BY id")) {
            actual.add((String) row.get(0));
        }
        assertEquals(expected, actual, "every row's value");
        assertEquals(List.of(List.of("parted", true), List.of("parted_2022", true), List.of("parted_2023", true),
                        List.of("parted_2024", true), List.of("parted_2024_h1", true), List.of("parted_2024_h2", true)),
                db.query("SELECT c.relname, a.attnotnull FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
                        + " WHERE a.attname = 'domain' AND c.relname LIKE 'parted%' ORDER BY c.relname"),
                "NOT NULL on the parent and every partition");
        assertEquals(List.of(), db.query("SELECT relname FROM pg_class WHERE relname LIKE 'requiredsince_nulls_%'"),
                "no partial index left");
        assertEquals(List.of(), db.query("SELECT conname, conrelid::regclass::text FROM pg_constraint"
                + " WHERE conname LIKE 'requiredsince_%_not_null' AND conrelid::regclass::text LIKE 'parted%'"),
                "no check constraint left");
        assertEquals(0L, count(db, "SELECT count(*) FROM pg_attrdef d JOIN pg_attribute a ON a.attrelid = d.adrelid"
                + " AND a.attnum = d.adnum WHERE a.attname = 'domain'"), "no default left");
    }

    private static List<String> expected(int rows, String fromWriters, java.util.function.IntFunction<String> value) {
        List<String> values = new ArrayList<>();
        for (int i = 1; i <= rows; i++) {
            values.add(value.apply(i));
        }
        if (fromWriters != null) {
            values.add(fromWriters);
        }
        return values;
    }

    /** An old application instance inserting without the column, into two partitions, while the walk runs. */
    private static Runnable writer(TestDatabase db, AtomicInteger inserted) {
        return () -> {
            // Bounded: a writer called back from inside the locked final pass would wait on it forever.
            db.execute("SET lock_timeout = '5s'", "INSERT INTO parted (id, created, email) VALUES (" + (ROWS + 1)
                    + ", date '2022-02-02', 'Late@W.org')");
            inserted.incrementAndGet();
        };
    }

    @EngineTest(family = EngineFamily.POSTGRES)
    void constantBackfill(TestDatabase db) {
        parted(db, false);

        migrate(db, Backfill.constant("'x.org'"), () -> { });

        assertEndState(db, expected(ROWS, null, i -> "x.org"));
    }

    // PostgreSQL 10 has no primary key on a partitioned table.
    @EngineTest(family = EngineFamily.POSTGRES, except = TestEngine.POSTGRES_10)
    void constantBackfillWithAPrimaryKey(TestDatabase db) {
        parted(db, true);

        migrate(db, Backfill.constant("'x.org'"), () -> { });

        assertEndState(db, expected(ROWS, null, i -> "x.org"));
    }

    @EngineTest(family = EngineFamily.POSTGRES)
    void expressionBackfillWithWriters(TestDatabase db) {
        parted(db, false);
        AtomicInteger inserted = new AtomicInteger();

        long walked = migrate(db, Backfill.expression(DOMAIN), writer(db, inserted));
        assertTrue(walked >= ROWS, "the walk reached the rows of every partition: " + walked);

        assertEquals(1, inserted.get(), "a writer inserted while the walk ran");
        assertEndState(db, expected(ROWS, "w.org#" + (ROWS + 1), i -> "x.org#" + i));
    }

    // PostgreSQL 10 has no primary key on a partitioned table.
    @EngineTest(family = EngineFamily.POSTGRES, except = TestEngine.POSTGRES_10)
    void expressionBackfillWithAPrimaryKeyAndWriters(TestDatabase db) {
        parted(db, true);
        AtomicInteger inserted = new AtomicInteger();

        long walked = migrate(db, Backfill.expression(DOMAIN), writer(db, inserted));
        assertTrue(walked >= ROWS, "the walk reached the rows of every partition: " + walked);

        assertEquals(1, inserted.get(), "a writer inserted while the walk ran");
        assertEndState(db, expected(ROWS, "w.org#" + (ROWS + 1), i -> "x.org#" + i));
    }

    // PostgreSQL 10 has no primary key on a partitioned table.
    @EngineTest(family = EngineFamily.POSTGRES, except = TestEngine.POSTGRES_10)
    void rowBackfillWithWriters(TestDatabase db) {
        parted(db, true);
        AtomicInteger inserted = new AtomicInteger();

        long walked = migrate(db, Backfill.perRow(Domain.class), writer(db, inserted));
        assertTrue(walked >= ROWS, "the walk reached the rows of every partition: " + walked);

        assertEquals(1, inserted.get(), "a writer inserted while the walk ran");
        assertEndState(db, expected(ROWS, "w.org#" + (ROWS + 1), i -> "x.org#" + i));
    }

    /** A ctid names a row only within its partition: a row backfill cannot write a row back by it. */
    @EngineTest(family = EngineFamily.POSTGRES)
    void rowBackfillWithoutAPrimaryKeyIsRefusedSayingWhatToDo(TestDatabase db) {
        parted(db, false);
        Migrator migrator = Migrator.configure(db.dataSource).completeImmediately(true)
                .migrations(List.of(TestMigration.of("1", "parted",
                "domain", SqlType.varchar(100), Backfill.perRow(Domain.class), false))).load();

        RuntimeException e = assertThrows(RuntimeException.class, migrator::migrate);

        assertTrue(e.getMessage().contains("Table parted is partitioned and has no primary key")
                && e.getMessage().contains("give the column a SQL backfill"), e.getMessage());
        assertEquals(0L, count(db, "SELECT count(*) FROM parted WHERE domain IS NOT NULL"), "no row written");
        assertTrue(db.column("parted", "domain").nullable(), "never tightened");
    }

    @EngineTest(family = EngineFamily.POSTGRES)
    void undoDropsTheColumnFromEveryPartition(TestDatabase db) {
        parted(db, false);
        migrate(db, Backfill.expression("lower(email)"), () -> { });

        Migrator.configure(db.dataSource).completeImmediately(true)
                .migrations(List.of(TestMigration.of("1", "parted", "domain",
                SqlType.varchar(100), Backfill.expression("lower(email)"), false))).load().undo();

        assertEquals(0L, count(db, "SELECT count(*) FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
                + " WHERE a.attname = 'domain' AND NOT a.attisdropped AND c.relname LIKE 'parted%'"));
        assertEquals((long) ROWS, count(db, "SELECT count(*) FROM parted"), "no row lost");
    }

    /** A plain table next to a partitioned one takes the road it always took (docs/plans.md pins it too). */
    @EngineTest(family = EngineFamily.POSTGRES)
    void aPlainTableIsNotTakenForAPartitionedOne(TestDatabase db) {
        db.execute("CREATE TABLE plain (id INTEGER PRIMARY KEY, email VARCHAR(100))",
                "INSERT INTO plain VALUES (1, 'a@x.org')");
        List<String> plan = Migrator.configure(db.dataSource).completeImmediately(true)
                .migrations(List.of(TestMigration.of("1", "plain", "domain",
                SqlType.varchar(100), Backfill.expression("lower(email)"), false))).load().plan().stream()
                .map(PlannedStatement::sql).toList();

        String nulls = "\"requiredsince_nulls_" + Integer.toHexString("plain.domain".hashCode()) + "\"";
        assertTrue(plan.get(2).startsWith("create index concurrently if not exists " + nulls + " on \"plain\""),
                plan.get(2));
        assertTrue(plan.get(2).endsWith("drop index concurrently if exists " + nulls), plan.get(2));
    }

    private static List<Boolean> primaryKeys(TestDatabase db) {
        return major(db) >= 11 ? List.of(true, false) : List.of(false);
    }

    /**
     * A rolling deploy's expand of an expression on a partitioned table: from PostgreSQL 13 on a
     * BEFORE row trigger on the parent fills every partition's inserts; before 13 there is none,
     * and the migration is refused before anything changes, saying what to do.
     */
    @EngineTest(family = EngineFamily.POSTGRES)
    void expandingAnExpressionNeedsRowTriggersOnPartitionedTables(TestDatabase db) {
        parted(db, false);
        Migrator migrator = Migrator.configure(db.dataSource).migrations(List.of(TestMigration.of("2", "parted",
                "domain", SqlType.varchar(100), Backfill.expression("lower(split_part(email, '@', 2))"), false))).load();
        if (major(db) < 13) {
            MigrationException e = assertThrows(MigrationException.class, migrator::migrate);
            assertTrue(e.getMessage().contains("is partitioned") && e.getMessage().contains("completeImmediately(true)"),
                    e.getMessage());
            assertEquals(0L, count(db, "SELECT count(*) FROM information_schema.columns WHERE table_name = 'parted'"
                    + " AND column_name = 'domain'"), "nothing was changed");
            return;
        }
        migrator.migrate();
        db.execute("INSERT INTO parted (id, created, email) VALUES (-1, date '2024-09-01', 'Old@Version.org')");
        assertEquals(1L, count(db, "SELECT count(*) FROM parted_2024_h2 WHERE id = -1 AND domain = 'version.org'"),
                "the old version's insert into a leaf got its value");
        migrator.complete();
        assertEquals(0L, count(db, "SELECT count(*) FROM parted WHERE domain IS NULL"));
    }
}
