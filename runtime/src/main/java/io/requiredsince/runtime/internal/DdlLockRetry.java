package io.requiredsince.runtime.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;

/**
 * Runs a DDL step with a bounded wait for its table lock, and retries with backoff when the wait
 * trips. A DDL statement queued behind a long transaction holds its place in the lock queue, and
 * every query that comes after it waits too: a short lock wait (the engine's {@link DdlSession})
 * keeps that stall no longer than the timeout, and the step is tried again after a pause that
 * doubles each time. When the retries are exhausted the error names the table and the sessions
 * holding it. Engines without a {@link DdlSession} run the step as it is: their DDL waits for, or
 * fails on, locks by their own rules.
 */
public final class DdlLockRetry {

    private static final Duration MAX_PAUSE = Duration.ofSeconds(10);

    private final Duration lockTimeout;
    private final int retries;
    private final Duration firstPause;

    /**
     * @param lockTimeout how long one DDL statement may wait for its lock
     * @param retries how many times a statement that timed out is tried again
     * @param firstPause the pause before the first retry; it doubles each time, up to 10 s
     */
    public DdlLockRetry(Duration lockTimeout, int retries, Duration firstPause) {
        this.lockTimeout = lockTimeout;
        this.retries = retries;
        this.firstPause = firstPause;
    }

    /** The defaults: 5 s per attempt, 10 retries, first pause 200 ms. */
    public static DdlLockRetry defaults() {
        return new DdlLockRetry(Duration.ofSeconds(5), 10, Duration.ofMillis(200));
    }

    /** How long one statement may wait for its lock. */
    public Duration lockTimeout() {
        return lockTimeout;
    }

    /** The same retries with {@code timeout} per attempt. */
    public DdlLockRetry withLockTimeout(Duration timeout) {
        return new DdlLockRetry(timeout, retries, firstPause);
    }

    /** The same wait with {@code count} retries. */
    public DdlLockRetry withRetries(int count) {
        return new DdlLockRetry(lockTimeout, count, firstPause);
    }

    /** A step's statement(s), run once per attempt. */
    public interface Attempt<T> {
        T run() throws SQLException;
    }

    <T> T run(Connection connection, EngineSupport engine, Target target, String step, Attempt<T> attempt)
            throws SQLException {
        Optional<DdlSession> session = engine.ddlSession();
        if (session.isEmpty()) {
            return attempt.run();
        }
        return run(connection, session.get(), engine, target, step, attempt);
    }

    /**
     * The same with the lock wait bounded by {@code ddl}, whose {@link DdlSession#blockers} say who
     * the statement waits for (a concurrent index build waits for open transactions, not for the
     * table's lock holders).
     */
    public <T> T run(Connection connection, DdlSession ddl, EngineSupport engine, Target target, String step,
                     Attempt<T> attempt) throws SQLException {
        Duration pause = firstPause;
        for (int tried = 0; ; tried++) {
            String previous = ddl.limitLockWait(connection, lockTimeout);
            try {
                return attempt.run();
            } catch (SQLException failure) {
                if (FailureKind.of(failure, engine) != FailureKind.LOCK_TIMEOUT) {
                    throw failure;
                }
                if (tried >= retries) {
                    throw new LockWaitExhaustedException(Message.DDL_LOCK_EXHAUSTED.format(step, target.describe(),
                            lockTimeout.toMillis(), tried + 1, ddl.blockers(connection, target)), failure);
                }
            } finally {
                if (!connection.isClosed()) {
                    ddl.restore(connection, previous);
                }
            }
            sleep(pause);
            pause = pause.multipliedBy(2).compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause.multipliedBy(2);
        }
    }

    /** The retries are exhausted; the message names the table and the blockers. */
    public static final class LockWaitExhaustedException extends SQLException {
        private static final long serialVersionUID = 1L;

        LockWaitExhaustedException(String message, SQLException cause) {
            super(message, cause.getSQLState(), cause.getErrorCode(), cause);
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(Message.INTERRUPTED.format("waiting to retry a DDL step"), ex);
        }
    }
}
