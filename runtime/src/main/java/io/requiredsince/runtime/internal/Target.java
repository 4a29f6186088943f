package io.requiredsince.runtime.internal;

import io.requiredsince.runtime.ColumnSpec;

/**
 * A {@link ColumnSpec} resolved against the live catalog: the names as the engine stores them.
 *
 * @param spec what the migration asks for
 * @param schema the schema as stored, or null for the connection's default
 * @param table the table as stored
 * @param column the column as stored, or as it will be created
 * @param prior what the column was before the migration started, as the history recorded it
 */
public record Target(ColumnSpec spec, String schema, String table, String column, PriorColumn prior) {

    /** A target whose column the migration adds. */
    public Target(ColumnSpec spec, String schema, String table, String column) {
        this(spec, schema, table, column, PriorColumn.MISSING);
    }

    /** The same target, with what the column was before the migration started. */
    public Target withPrior(PriorColumn prior) {
        return new Target(spec, schema, table, column, prior);
    }

    /** {@code schema.table.column} as stored, for messages. */
    public String describe() {
        return describeTable() + "." + column;
    }

    /** {@code schema.table} as stored, for messages. */
    public String describeTable() {
        return (schema == null ? "" : schema + ".") + table;
    }
}
