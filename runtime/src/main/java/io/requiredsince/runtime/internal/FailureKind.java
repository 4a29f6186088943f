package io.requiredsince.runtime.internal;

import java.sql.SQLException;

/**
 * What a database error means to the runtime, whatever engine raised it: each engine maps its own
 * SQLStates and error codes ({@link EngineSupport#classify}), so no caller reads one.
 */
public enum FailureKind {
    /** A lock was not granted within the session's lock timeout. */
    LOCK_TIMEOUT,
    /** The statement was chosen as a deadlock victim. */
    DEADLOCK,
    /** The database file is locked by another writer (SQLite). */
    DATABASE_BUSY,
    /** The server refuses the ALGORITHM or LOCK clause asked for (MySQL, MariaDB). */
    REFUSED_ALGORITHM,
    /** Anything else: not retried. */
    OTHER;

    /** The first kind other than {@link #OTHER} along {@code failure}'s causes. */
    public static FailureKind of(Throwable failure, EngineSupport engine) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                FailureKind kind = engine.classify(s);
                if (kind != OTHER) {
                    return kind;
                }
            }
        }
        return OTHER;
    }
}
