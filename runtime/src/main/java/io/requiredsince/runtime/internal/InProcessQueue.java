package io.requiredsince.runtime.internal;

import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * Migrators of one process and one DataSource wait here, before they take a connection, one
 * behind the other: ten threads migrating through a pool of five would otherwise each hold a
 * connection while waiting for the migration lock, and the lock's holder could be left without the
 * connection it needs. Fair, so the first to arrive goes first.
 */
final class InProcessQueue {

    private static final Map<DataSource, Map<String, Semaphore>> QUEUES =
            Collections.synchronizedMap(new WeakHashMap<>());

    private InProcessQueue() {
    }

    /** A place at the head of the queue, given back by {@link Ticket#close()}. */
    interface Ticket extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Waits at most {@code timeout} for the head of the queue of {@code dataSource} and the history
     * table {@code qualified}.
     *
     * @throws MigrationLock.LockTimeoutException when the wait ran out
     */
    static Ticket enter(DataSource dataSource, String qualified, Duration timeout) {
        Semaphore queue = QUEUES.computeIfAbsent(dataSource, d -> new ConcurrentHashMap<>())
                .computeIfAbsent(qualified, q -> new Semaphore(1, true));
        try {
            if (!queue.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new MigrationLock.LockTimeoutException(Message.MIGRATION_LOCK_TIMEOUT.format(
                        "the in-process migration queue of this DataSource (" + qualified + ")", timeout.toMillis()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(Message.INTERRUPTED.format("waiting for the migration lock"), e);
        }
        return queue::release;
    }
}
