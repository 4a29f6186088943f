package io.requiredsince.runtime;

/**
 * {@link Migrator#migrate()} refused to run: the history does not match the code (an applied
 * migration was edited, or one disappeared). Nothing was changed. Revert the code, or accept the
 * code's definitions with {@link Migrator#repair()}.
 */
public final class ValidationException extends MigrationException {

    private static final long serialVersionUID = 1L;

    private final transient ValidationReport report;

    public ValidationException(ValidationReport report) {
        super(null, "validate", "The history table does not match the code, nothing was migrated:\n  "
                + String.join("\n  ", report.lines())
                + "\nRevert the code to the applied definitions, or call Migrator.repair() to accept them"
                + " (it changes no table, only the history).", null);
        this.report = report;
    }

    /** What validation found. */
    public ValidationReport report() {
        return report;
    }
}
