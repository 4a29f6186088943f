package io.requiredsince.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * PostgreSQL's backfill: the final pass's partial index over the NULL rows never outlives the pass
 * and is rebuilt when an interrupted run left it INVALID; the ctid walk stays linear before 14.
 */
class PostgresFinalPassTest {

    private static final String NULLS_INDEXES = "SELECT COUNT(*) FROM pg_class WHERE relname LIKE 'requiredsince\\_nulls\\_%'";

    private static TestDatabase members(Supplier<TestDatabase> engine, int rows, boolean primaryKey) {
        TestDatabase db = engine.get();
        db.execute("CREATE TABLE members (id INTEGER" + (primaryKey ? " PRIMARY KEY" : " NOT NULL")
                + ", name VARCHAR(100) NOT NULL, seats INTEGER NOT NULL)");
        db.execute("INSERT INTO members SELECT i, 'Member ' || i, i % 20 FROM generate_series(1, " + rows + ") i");
        return db;
    }

    private static long count(TestDatabase db, String sql) {
        return ((Number) db.single(sql)).longValue();
    }

    @EngineTest(family = EngineFamily.POSTGRES)
    void aFailedFinalPassLeavesNoIndexBehind(Supplier<TestDatabase> engine) {
        TestDatabase db = members(engine, 100, true);
        Migration nick = TestMigration.of("1", "members", "nick", SqlType.varchar(100),
                Backfill.expression("nullif(name, 'Member 7')"), false);

        MigrationException e = assertThrows(MigrationException.class,
                () -> Migrator.configure(db.dataSource).completeImmediately(true)
                        .migrations(List.of(nick)).load().migrate());

        assertTrue(e.getMessage().contains("yields NULL"), e.getMessage());
        assertEquals(0, count(db, NULLS_INDEXES), "the partial index is dropped when the final pass fails");
        assertTrue(db.column("members", "nick").nullable());
    }

    @EngineTest(family = EngineFamily.POSTGRES)
    void anInvalidIndexLeftByAnInterruptedRunIsBuiltAgain(Supplier<TestDatabase> engine) {
        TestDatabase db = members(engine, 200, true);
        String index = "requiredsince_nulls_" + Integer.toHexString("members.plan".hashCode());
        // A concurrent build that fails (here: duplicates under UNIQUE) leaves an INVALID index, like a killed run.
        assertThrows(RuntimeException.class, () -> db.execute("CREATE UNIQUE INDEX CONCURRENTLY " + index
                + " ON members (seats)"));
        assertEquals(List.of(List.of(false)), db.query("SELECT i.indisvalid FROM pg_index i JOIN pg_class c"
                + " ON c.oid = i.indexrelid WHERE c.relname = '" + index + "'"));
        AtomicReference<String> seenInLockedPass = new AtomicReference<>("never seen");
        MigrationListener listener = new MigrationListener() {
            @Override
            public void stepFinished(String migration, String step, long rows, java.time.Duration took) {
                if (step.equals("backfill")) {
                    // An old instance inserts a row meanwhile: the locked pass has a row to fill, and says so.
                    db.execute("INSERT INTO members (id, name, seats) VALUES (10000, 'Late', 1)");
                }
            }

            @Override
            public void batchDone(BackfillProgress progress) {
                if (progress.step().equals("final pass and check")) {
                    seenInLockedPass.set(indexState(db, index));
                }
            }
        };
        Migration plan = TestMigration.of("1", "members", "plan", SqlType.varchar(30), Backfill.expression("lower(name)"),
                false);

        Migrator.configure(db.dataSource).completeImmediately(true)
                .migrations(List.of(plan)).listener(listener).load().migrate();

        assertEquals("valid, partial", seenInLockedPass.get(), "the locked pass ran with a valid partial index");
        assertEquals(0, count(db, NULLS_INDEXES));
        assertFalse(db.column("members", "plan").nullable());
    }

    // Read on a connection of its own: the catalog is not behind the final pass's table lock.
    private static String indexState(TestDatabase db, String index) {
        try (Connection c = db.dataSource.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT i.indisvalid, i.indpred IS NOT NULL FROM pg_index i"
                     + " JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = '" + index + "'")) {
            return !rs.next() ? "absent" : (rs.getBoolean(1) ? "valid" : "invalid") + ", "
                    + (rs.getBoolean(2) ? "partial" : "not partial");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Before PostgreSQL 14 each ctid range is a full scan: batches far over their target duration must
     * not shrink the range towards one block (one full scan per block, at least as many batches as
     * blocks): the range stays a sixteenth of the table. The walk's own updates append blocks (about
     * doubling the table), which it walks too, so it ends near 2 × 16 ranges.
     */
    @EngineTest(only = {TestEngine.POSTGRES_10, TestEngine.POSTGRES_11, TestEngine.POSTGRES_12})
    void ctidWalkBeforeFourteenDoesNotShrinkToOneScanPerBlock(Supplier<TestDatabase> engine) {
        TestDatabase db = members(engine, 20_000, false);
        long blocks = count(db, "SELECT pg_relation_size('members') / current_setting('block_size')::bigint");
        assertTrue(blocks > 60, "the table spans " + blocks + " blocks");
        Migration plan = TestMigration.of("1", "members", "plan", SqlType.varchar(30), Backfill.expression("lower(name)"),
                false);
        BackfillTest.Counting listener = new BackfillTest.Counting();

        Migrator.configure(db.dataSource).completeImmediately(true)
                .migrations(List.of(plan)).batchSize(50).batchDuration(Duration.ofNanos(1))
                .listener(listener).load().migrate();

        long walkBatches = listener.batches.stream().filter(p -> p.step().equals("backfill")).count();
        assertTrue(walkBatches <= 40 && walkBatches < blocks / 2, walkBatches + " batches over " + blocks + " blocks");
        assertEquals(0, count(db, "SELECT COUNT(*) FROM members WHERE plan IS NULL"));
    }
}
