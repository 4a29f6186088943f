package io.requiredsince.runtime;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.zip.CRC32;

/**
 * What a migration makes true: column {@code column} of {@code schema.table} exists, has type
 * {@code type}, is NOT NULL, and every row that existed before has the {@code backfill} value.
 *
 * @param schema the schema, or the empty string for the connection's default schema
 * @param table the table name
 * @param column the column name
 * @param type the column's type
 * @param backfill the value the existing rows get
 * @param keepDefault keep the backfill as the column's server default afterwards
 */
public record ColumnSpec(String schema, String table, String column, SqlType type, Backfill backfill,
                         boolean keepDefault) {

    public ColumnSpec {
        Objects.requireNonNull(schema, "schema");
        requireName(table, "table");
        requireName(column, "column");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(backfill, "backfill");
        if (keepDefault && backfill.isJava()) {
            throw new IllegalArgumentException("keepDefault needs a SQL backfill: a Java row backfill cannot be a"
                    + " column default (" + table + "." + column + ")");
        }
    }

    private static void requireName(String name, String what) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("A " + what + " name is required");
        }
    }

    /** Starts a specification; generated migrations use this. */
    public static Builder builder() {
        return new Builder();
    }

    /** {@code schema.table.column}, or {@code table.column} in the default schema: the migration's identity. */
    public String qualifiedName() {
        return (schema.isEmpty() ? "" : schema + ".") + table + "." + column;
    }

    /**
     * A checksum of the definition (table, column, type, backfill, keepDefault): it changes when the
     * annotation is edited after the migration was applied.
     */
    public int checksum() {
        CRC32 crc = new CRC32();
        String canonical = String.join("\u0000", qualifiedName(), type.toString(),
                backfill.kind().name(), backfill.sql(), Boolean.toString(keepDefault));
        crc.update(canonical.getBytes(StandardCharsets.UTF_8));
        return (int) crc.getValue();
    }

    /** Builds a {@link ColumnSpec} step by step. */
    public static final class Builder {
        private String schema = "";
        private String table;
        private String column;
        private SqlType type;
        private Backfill backfill;
        private boolean keepDefault;

        private Builder() {
        }

        public Builder schema(String schema) {
            this.schema = Objects.requireNonNull(schema, "schema");
            return this;
        }

        public Builder table(String table) {
            this.table = table;
            return this;
        }

        public Builder column(String column) {
            this.column = column;
            return this;
        }

        public Builder type(SqlType type) {
            this.type = type;
            return this;
        }

        public Builder backfill(Backfill backfill) {
            this.backfill = backfill;
            return this;
        }

        public Builder keepDefault(boolean keepDefault) {
            this.keepDefault = keepDefault;
            return this;
        }

        public ColumnSpec build() {
            return new ColumnSpec(schema, table, column, type, backfill, keepDefault);
        }
    }
}
