package io.requiredsince.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

/**
 * The migration lock's holder loses it — its session killed by another one (an operator's
 * {@code pg_terminate_backend} or {@code KILL}, an {@code idle_session_timeout}, a proxy), or the
 * lock's own connection closed — while the next migrator waits: the two never work at the same time,
 * the first stops with a clear error, the second completes, and every row has its value.
 */
class LockLossTest {

    private static final Migration SLUG = TestMigration.of("1", "organizations", "slug", SqlType.varchar(100),
            Backfill.expression("lower(name)"), false);

    static void organizations(TestDatabase db, int rows) {
        db.execute("CREATE TABLE organizations (id INTEGER PRIMARY KEY, name VARCHAR(100) NOT NULL)");
        for (int from = 1; from <= rows; from += 500) {
            StringBuilder insert = new StringBuilder("INSERT INTO organizations (id, name) VALUES ");
            for (int i = from; i < from + 500 && i <= rows; i++) {
                insert.append(i > from ? ", " : "").append("(").append(i).append(", 'Org ").append(i).append("')");
            }
            db.execute(insert.toString());
        }
    }

    /** Small fixed batches with a pause: a backfill long enough for the other migrator to be waiting. */
    private static Migrator.Builder paced(javax.sql.DataSource dataSource) {
        return Migrator.configure(dataSource).completeImmediately(true)
                .migrations(List.of(SLUG)).batchSize(25).batchDuration(Duration.ZERO)
                .batchPause(Duration.ofMillis(5)).lockTimeout(Duration.ofMinutes(2));
    }

    /** Records when each migrator did anything, on one clock. */
    private static final class Timeline implements MigrationListener {
        final AtomicLong first = new AtomicLong(Long.MAX_VALUE);
        final AtomicLong last = new AtomicLong(Long.MIN_VALUE);
        final AtomicLong batches = new AtomicLong();

        void saw() {
            long now = System.nanoTime();
            first.accumulateAndGet(now, Math::min);
            last.accumulateAndGet(now, Math::max);
        }

        @Override
        public void stepStarted(String migration, String step, String sql) {
            saw();
        }

        @Override
        public void batchDone(BackfillProgress progress) {
            batches.incrementAndGet();
            saw();
        }

        @Override
        public void stepFinished(String migration, String step, long rows, Duration took) {
            saw();
        }
    }

    @EngineTest(only = {TestEngine.POSTGRES_17, TestEngine.POSTGRES_SERVER}, family = EngineFamily.MARIADB)
    void killingTheLockHoldersSessionNeverLetsTwoMigratorsWorkAtOnce(TestDatabase db) throws Exception {
        organizations(db, 3000);
        Timeline a = new Timeline();
        Timeline b = new Timeline();
        CountDownLatch aWorks = new CountDownLatch(1);
        AtomicBoolean killed = new AtomicBoolean();
        MigrationListener aListener = new MigrationListener() {
            @Override
            public void stepStarted(String migration, String step, String sql) {
                a.stepStarted(migration, step, sql);
            }

            @Override
            public void batchDone(BackfillProgress progress) {
                a.batchDone(progress);
                aWorks.countDown();
                // Mid-backfill, with the second migrator waiting: end the session that holds the lock.
                if (a.batches.get() == 8 && killed.compareAndSet(false, true)) {
                    killLockHolder(db);
                }
            }

            @Override
            public void stepFinished(String migration, String step, long rows, Duration took) {
                a.stepFinished(migration, step, rows, took);
            }
        };
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            // Each its own DataSource, as two processes would have.
            SimpleDataSource aSource = () -> db.dataSource.getConnection();
            SimpleDataSource bSource = () -> db.dataSource.getConnection();
            Future<MigrationReport> first = threads.submit(() -> paced(aSource).listener(aListener).load().migrate());
            assertTrue(aWorks.await(60, TimeUnit.SECONDS), "the first migrator started its backfill");
            Future<MigrationReport> second = threads.submit(() -> paced(bSource).listener(b).load().migrate());

            java.util.concurrent.ExecutionException failed = assertThrows(java.util.concurrent.ExecutionException.class,
                    () -> first.get(2, TimeUnit.MINUTES));
            assertTrue(failed.getCause() instanceof MigrationException, String.valueOf(failed.getCause()));
            MigrationReport done = second.get(2, TimeUnit.MINUTES);
            assertEquals(1, done.applied().size(), done.toString());
        } finally {
            threads.shutdownNow();
        }
        assertTrue(killed.get(), "the lock holder was killed");
        assertTrue(a.last.get() < b.first.get(), "the second migrator worked only after the first had stopped: first"
                + " stopped " + (a.last.get() - b.first.get()) / 1_000_000 + " ms after the second began");
        assertEquals(0L, ((Number) db.single("SELECT COUNT(*) FROM organizations WHERE slug IS NULL"
                + " OR slug <> lower(name)")).longValue());
        assertFalse(db.column("organizations", "slug").nullable());
    }

    // The lock's session: the backend holding our advisory lock, or the connection holding GET_LOCK.
    private static void killLockHolder(TestDatabase db) {
        try (Connection admin = db.dataSource.getConnection(); Statement st = admin.createStatement()) {
            String product = admin.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
            if (product.contains("postgres")) {
                try (ResultSet rs = st.executeQuery("SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype ="
                        + " 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname ="
                        + " current_database()) AND pid <> pg_backend_pid()")) {
                    assertTrue(rs.next(), "an advisory lock is held");
                }
            } else {
                long id;
                try (PreparedStatement ps = admin.prepareStatement("SELECT IS_USED_LOCK(CONCAT('requiredsince:',"
                        + " DATABASE(), '.requiredsince_history'))"); ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    id = rs.getLong(1);
                    assertFalse(rs.wasNull(), "GET_LOCK is held");
                }
                st.execute("KILL " + id);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * H2 through its server: the lock is a row lock held by a connection of its own. Closing that
     * connection ends the lock; the migrator proves it before every batch, so it stops at once.
     */
    @Test
    void aRowLockWhoseConnectionClosedStopsTheMigratorAtItsNextBatch() throws Exception {
        TestDatabase db = ConcurrentMigratorsTest.h2Server();
        organizations(db, 2000);
        List<Connection> handedOut = new ArrayList<>();
        SimpleDataSource recording = () -> {
            Connection c = db.dataSource.getConnection();
            synchronized (handedOut) {
                handedOut.add(c);
            }
            return c;
        };
        AtomicLong batchesAfterClose = new AtomicLong(-1);
        LongSupplier noteBatch = () -> batchesAfterClose.get() < 0 ? -1 : batchesAfterClose.incrementAndGet();
        MigrationListener closing = new MigrationListener() {
            private long batches;

            @Override
            public void batchDone(BackfillProgress progress) {
                noteBatch.getAsLong();
                if (++batches == 5) {
                    try {
                        // The second connection handed out is the lock's: the first is the one that migrates.
                        handedOut.get(1).close();
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                    batchesAfterClose.set(0);
                }
            }
        };
        MigrationException e = assertThrows(MigrationException.class,
                () -> paced(recording).listener(closing).load().migrate());
        assertTrue(e.getMessage().contains("was lost"), e.getMessage());
        assertEquals(0, batchesAfterClose.get(), "no batch ran once the lock was gone");
        assertEquals(2, handedOut.size(), "one connection migrates, one holds the lock");
        // The next migrator takes the lock and completes from the live schema.
        MigrationReport done = paced(db.dataSource).load().migrate();
        assertEquals(1, done.applied().size());
        assertNotNull(db.single("SELECT COUNT(*) FROM organizations"));
        assertEquals(0L, ((Number) db.single("SELECT COUNT(*) FROM organizations WHERE slug IS NULL")).longValue());
    }
}
