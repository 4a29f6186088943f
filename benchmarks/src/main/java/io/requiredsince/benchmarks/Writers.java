package io.requiredsince.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * The application under load: threads doing single-row inserts and updates, each op timed. Until
 * {@link #rollOut()} they are the old application (inserts without the new column); after it the
 * new one (inserts with it), as a deployment rolls over before the column is tightened.
 */
final class Writers implements AutoCloseable {

    private final List<Thread> threads = new ArrayList<>();
    private final AtomicLong maxNanos = new AtomicLong();
    private final AtomicLong windowMaxNanos = new AtomicLong();
    private final AtomicLong ops = new AtomicLong();
    private final AtomicLong inserted = new AtomicLong();
    private final Latencies latencies = new Latencies();
    private final List<String> errors = java.util.Collections.synchronizedList(new ArrayList<>());
    private volatile boolean stop;
    private volatile boolean newApp;

    Writers(DataSource ds, int count, String table, String newColumn, long maxId) {
        for (int i = 0; i < count; i++) {
            threads.add(new Thread(() -> run(ds, table, newColumn, maxId), "writer-" + i));
        }
    }

    Writers start() {
        threads.forEach(Thread::start);
        return this;
    }

    void rollOut() {
        newApp = true;
    }

    void resetStats() {
        maxNanos.set(0);
        ops.set(0);
        latencies.clear();
    }

    /** Starts a window whose worst stall {@link #windowWorstStallMillis()} reports. */
    void openWindow() {
        windowMaxNanos.set(0);
    }

    double windowWorstStallMillis() {
        return windowMaxNanos.get() / 1e6;
    }

    double worstStallMillis() {
        return maxNanos.get() / 1e6;
    }

    long ops() {
        return ops.get();
    }

    /** The 99th percentile of the ops' latencies since the start or {@link #resetStats()}. */
    double p99Millis() {
        return latencies.percentile(0.99) / 1e6;
    }

    /** Inserts that succeeded since the start: the rows the writers added to the table. */
    long inserted() {
        return inserted.get();
    }

    List<String> errors() {
        return errors;
    }

    private void run(DataSource ds, String table, String newColumn, long maxId) {
        try (Connection c = ds.getConnection();
             PreparedStatement oldInsert = c.prepareStatement("insert into " + table + " (name, seats) values (?, 1)");
             PreparedStatement newInsert = c.prepareStatement("insert into " + table + " (name, seats, " + newColumn
                     + ") values (?, 1, lower(?))");
             PreparedStatement update = c.prepareStatement("update " + table + " set seats = seats + 1 where id = ?")) {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            while (!stop) {
                long t0 = System.nanoTime();
                try {
                    if (random.nextBoolean()) {
                        String name = "Writer " + random.nextInt(1_000_000);
                        if (newApp) {
                            newInsert.setString(1, name);
                            newInsert.setString(2, name);
                            newInsert.executeUpdate();
                        } else {
                            oldInsert.setString(1, name);
                            oldInsert.executeUpdate();
                        }
                        inserted.incrementAndGet();
                    } else {
                        update.setLong(1, 1 + random.nextLong(maxId));
                        update.executeUpdate();
                    }
                } catch (java.sql.SQLException e) {
                    errors.add(e.getMessage());
                }
                long took = System.nanoTime() - t0;
                maxNanos.accumulateAndGet(took, Math::max);
                windowMaxNanos.accumulateAndGet(took, Math::max);
                latencies.add(took);
                ops.incrementAndGet();
                Thread.sleep(5);
            }
        } catch (Exception e) {
            errors.add(String.valueOf(e));
        }
    }

    /** Every op's latency in nanoseconds: a few hundred ops a second, so a plain growing array will do. */
    private static final class Latencies {
        private long[] nanos = new long[1 << 14];
        private int size;

        synchronized void add(long took) {
            if (size == nanos.length) {
                nanos = java.util.Arrays.copyOf(nanos, size * 2);
            }
            nanos[size++] = took;
        }

        synchronized void clear() {
            size = 0;
        }

        synchronized long percentile(double p) {
            if (size == 0) {
                return 0;
            }
            long[] sorted = java.util.Arrays.copyOf(nanos, size);
            java.util.Arrays.sort(sorted);
            return sorted[Math.min(size - 1, (int) Math.ceil(p * size) - 1)];
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop = true;
        for (Thread t : threads) {
            t.join();
        }
    }
}
