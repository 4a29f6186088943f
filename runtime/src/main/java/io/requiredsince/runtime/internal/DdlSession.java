package io.requiredsince.runtime.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/**
 * How an engine bounds the wait of one DDL statement for its table lock, and who holds that lock
 * when the wait runs out ({@link DdlLockRetry} runs the retries).
 */
public interface DdlSession {

    /** Sets the session's lock wait to {@code timeout}; returns the previous setting, for {@link #restore}. */
    String limitLockWait(Connection connection, Duration timeout) throws SQLException;

    /** Puts back what {@link #limitLockWait} returned. */
    void restore(Connection connection, String previous) throws SQLException;

    /** The other sessions holding or waiting on the target's table, for the error message. */
    String blockers(Connection connection, Target target);
}
