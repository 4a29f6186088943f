package io.requiredsince.runtime;

import java.util.List;

/**
 * A statement {@link Migrator#plan()} says {@link Migrator#migrate()} would run now.
 *
 * @param script the migration it belongs to ({@code table.column})
 * @param version the migration's version
 * @param step what the statement is for
 * @param sql the statement exactly as it would be sent
 * @param completePhase whether the statement waits for a later {@link Migrator#complete()} (or the
 *     next version's {@code migrate()}): the complete phase of a migration this {@code migrate()}
 *     expands or leaves expanded. False for what {@code migrate()} runs now, the completion of an
 *     expanded migration it is due to complete included
 */
public record PlannedStatement(String script, MigrationVersion version, String step, String sql,
                               boolean completePhase) {

    /** A statement of the expand phase, which {@link Migrator#migrate()} runs. */
    public PlannedStatement(String script, MigrationVersion version, String step, String sql) {
        this(script, version, step, sql, false);
    }

    @Override
    public String toString() {
        return sql + ";";
    }

    /** {@code statements} as a script: each migration's statements under a comment naming it. */
    static String script(List<PlannedStatement> statements) {
        StringBuilder out = new StringBuilder();
        String current = null;
        for (PlannedStatement s : statements) {
            String heading = (s.version().isNone() ? "" : "v" + s.version() + " ") + s.script()
                    + (s.completePhase() ? ", at complete()" : "");
            if (!heading.equals(current)) {
                out.append("-- ").append(heading).append('\n');
                current = heading;
            }
            out.append(s).append('\n');
        }
        return statements.isEmpty() ? "-- nothing to migrate\n" : out.toString();
    }
}
