package io.requiredsince.runtime.internal;

import java.sql.SQLException;

/**
 * Proof that the migration lock is still held, asked for before every step and every batch: a
 * migrator that lost its lock stops there, before another migrator's work and its own can overlap.
 */
public interface LockProof {

    /** No lock to prove: reads ({@code plan()}, {@code info()}) and tests of single steps. */
    LockProof NONE = () -> { };

    /** Returns when the lock is still held; throws when it is not. */
    void proveHeld() throws SQLException;
}
