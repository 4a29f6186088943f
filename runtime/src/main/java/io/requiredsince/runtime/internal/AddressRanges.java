package io.requiredsince.runtime.internal;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A physical row address a table without a primary key is walked by, in ranges of its storage
 * (PostgreSQL's {@code ctid} in heap blocks): the engine-neutral walk in {@link Batches} asks it for
 * the table's size, the range conditions and how to bind an address.
 */
public interface AddressRanges {

    /** The address's name, written as it is ({@code ctid}). */
    String column();

    /** {@code ctid ranges}, for messages. */
    String describe();

    /** How many units (blocks) the table has now. */
    long size(Connection connection, String quotedTable) throws SQLException;

    /** How many units a batch covers at first, and whether it adapts. */
    BatchSizer sizer(BackfillSettings settings, long units);

    /** The condition "address at or after unit {@code from}": a number, or a named parameter for plan(). */
    String from(String unit);

    /** The condition "address before unit {@code to}". */
    String before(String unit);

    /** The address as text, to read it in a select. */
    String asText();

    /** What follows the {@code ?} that binds an address read as text ({@code ::tid}). */
    String parameterCast();
}
