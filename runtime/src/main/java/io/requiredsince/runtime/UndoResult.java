package io.requiredsince.runtime;

import java.util.List;

/**
 * What {@link Migrator#undo()} did for one migration.
 *
 * @param script the migration ({@code table.column})
 * @param version its version
 * @param droppedColumn true when the migration had added the column and undo dropped it; false when
 *     the column existed before the migration and undo only made it nullable again
 * @param statements the statements run, in order
 */
public record UndoResult(String script, MigrationVersion version, boolean droppedColumn, List<String> statements) {

    public UndoResult {
        statements = List.copyOf(statements);
    }
}
