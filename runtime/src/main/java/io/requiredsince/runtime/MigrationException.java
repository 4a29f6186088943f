package io.requiredsince.runtime;

/**
 * A migration could not complete. The message names the table, the column and the step; the
 * column is left as it was after the last completed step (never half-tightened), and the next
 * {@link Migrator#migrate()} resumes from the live schema.
 */
public class MigrationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String script;
    private final String step;

    public MigrationException(String script, String step, String message, Throwable cause) {
        super(message, cause);
        this.script = script;
        this.step = step;
    }

    /** The migration that failed ({@code table.column}), or null when the failure was not in a migration. */
    public String script() {
        return script;
    }

    /** The step that failed, or null. */
    public String step() {
        return step;
    }
}
