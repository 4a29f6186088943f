package io.requiredsince.runtime.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * A lock within this JVM only, for databases no other process can open, and the in-process half of
 * locks that the operating system holds per process. Not reentrant, like the others: a second
 * migrator in the same thread waits too.
 */
public final class JvmLock extends MigrationLock {

    private static final Map<String, Semaphore> LOCKS = new ConcurrentHashMap<>();

    private final String key;
    private final Semaphore lock;
    private boolean held;

    public JvmLock(String key) {
        this.key = key;
        this.lock = semaphore(key);
    }

    /** The one permit of {@code key} in this JVM. */
    public static Semaphore semaphore(String key) {
        return LOCKS.computeIfAbsent(key, k -> new Semaphore(1));
    }

    @Override
    protected String describe() {
        return "the in-process migration lock of " + key;
    }

    @Override
    protected boolean tryAcquire() {
        held = lock.tryAcquire();
        return held;
    }

    @Override
    public void close() {
        if (held) {
            lock.release();
            held = false;
        }
    }
}
