package io.requiredsince.runtime;

/**
 * One migration: make a column required. The annotation processor generates one implementation
 * per {@code @RequiredSince} field and lists it in
 * {@code META-INF/services/io.requiredsince.runtime.Migration}, where {@link Migrator} finds it.
 */
public interface Migration {

    /** The version, or {@link MigrationVersion#NONE}. */
    MigrationVersion version();

    /** What the migration makes true. */
    ColumnSpec column();

    /** A one-line description for the history table and reports. */
    default String description() {
        return "require " + column().qualifiedName();
    }

    /** The identity under which the history table records this migration: {@code [schema.]table.column}. */
    default String script() {
        return column().qualifiedName();
    }

    /** A checksum of the definition, recorded in the history table to detect later edits. */
    default int checksum() {
        return column().checksum();
    }
}
