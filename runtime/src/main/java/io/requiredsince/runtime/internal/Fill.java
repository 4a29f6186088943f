package io.requiredsince.runtime.internal;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * What gives a row its value when an application version that does not know the column yet inserts
 * it without the column, while a migration is expanded (between {@code migrate()} and
 * {@code complete()}): a trigger that computes the backfill for the new row, owned by the migration
 * and dropped when it completes. A constant needs none: the column's default serves. A row whose
 * writer sets the column keeps its value: a fill only acts where the column is NULL.
 */
public interface Fill {

    /** How much of a fill the catalog holds. */
    enum State {
        /** None of it. */
        NONE,
        /** Some of its objects, not all (a run ended between two of its statements). */
        PARTIAL,
        /** All of it. */
        IN_PLACE
    }

    /**
     * Whether the fill sets the column before the engine checks the row's NOT NULL constraints (a
     * {@code BEFORE INSERT} trigger on PostgreSQL, MySQL and MariaDB), so the column can be NOT NULL
     * while the fill is in place; otherwise it stays nullable until complete.
     */
    boolean beforeCheck();

    /**
     * The statements that put the fill in place from any {@link State}, read from the live table
     * (its key, its columns); empty when this table offers nothing a fill can find its row by.
     */
    List<String> create(Connection connection) throws SQLException;

    /** The statements that remove every object of the fill, each a no-op where the object is gone. */
    List<String> drop(Connection connection) throws SQLException;

    /** How much of the fill the catalog holds now. */
    State state(Connection connection) throws SQLException;

    /** Whether {@link #create} and {@link #drop} run in one transaction (DDL is transactional on PostgreSQL and SQLite). */
    default boolean transactional() {
        return false;
    }

    /**
     * The name of a fill's objects: {@code requiredsince_fill_<table>_<column>_<hash>}, the hash (of
     * schema, table and column) telling apart the fills of {@code a_b.c} and {@code a.b_c}; only
     * {@code requiredsince_fill_<hash>} where that is longer than 63 bytes (PostgreSQL's and MySQL's
     * limit).
     */
    static String name(Target target) {
        String hash;
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest((String.valueOf(target.schema())
                    + "\u0000" + target.table() + "\u0000" + target.column()).getBytes(StandardCharsets.UTF_8));
            hash = java.util.HexFormat.of().formatHex(digest, 0, 4);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        String name = PREFIX + target.table() + "_" + target.column() + "_" + hash;
        return name.getBytes(StandardCharsets.UTF_8).length <= 63 ? name : PREFIX + hash;
    }

    /** How the name of every fill object starts. */
    String PREFIX = "requiredsince_fill_";
}
