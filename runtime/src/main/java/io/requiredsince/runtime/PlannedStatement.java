package io.requiredsince.runtime;

/**
 * A statement {@link Migrator#plan()} says {@link Migrator#migrate()} would run now.
 *
 * @param script the migration it belongs to ({@code table.column})
 * @param version the migration's version
 * @param step what the statement is for
 * @param sql the statement exactly as it would be sent
 */
public record PlannedStatement(String script, MigrationVersion version, String step, String sql) {

    @Override
    public String toString() {
        return sql + ";";
    }
}
