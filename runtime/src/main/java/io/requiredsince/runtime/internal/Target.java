package io.requiredsince.runtime.internal;

import io.requiredsince.runtime.ColumnSpec;

/**
 * A {@link ColumnSpec} resolved against the live catalog: the names as the engine stores them.
 *
 * @param spec what the migration asks for
 * @param schema the schema as stored, or null for the connection's default
 * @param table the table as stored
 * @param column the column as stored, or as it will be created
 */
public record Target(ColumnSpec spec, String schema, String table, String column) {

    /**
     * The name of the temporary {@code CHECK (column IS NOT NULL)} constraint, unique per column and
     * within PostgreSQL's 63-byte identifier limit.
     */
    String notNullCheckName() {
        String name = "requiredsince_" + column + "_not_null";
        byte[] utf8 = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (utf8.length <= 63) {
            return name;
        }
        // Too long: a hash of the column keeps it unique per column.
        return "requiredsince_nn_" + Integer.toHexString(column.hashCode());
    }

    /** {@code schema.table.column} as stored, for messages. */
    public String describe() {
        return (schema == null ? "" : schema + ".") + table + "." + column;
    }
}
