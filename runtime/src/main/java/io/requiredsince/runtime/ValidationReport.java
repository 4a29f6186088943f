package io.requiredsince.runtime;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@link Migrator#validate()} found when comparing the history table with the code: applied
 * migrations whose definition was edited afterwards, and recorded migrations the code no longer has.
 * {@link Migrator#migrate()} refuses to run while it is not {@link #isValid() valid}; revert the code,
 * or accept the new state with {@link Migrator#repair()}.
 *
 * @param changed applied migrations whose definition differs from the code's
 * @param missing recorded migrations that are not in the code any more
 */
public record ValidationReport(List<Changed> changed, List<Missing> missing) {

    public ValidationReport {
        changed = List.copyOf(changed);
        missing = List.copyOf(missing);
    }

    /**
     * An applied migration whose definition was edited after it ran.
     *
     * @param script the migration ({@code table.column})
     * @param version its version
     * @param changes one sentence per element that changed, e.g. {@code backfill changed from 'free' to 'basic'}
     */
    public record Changed(String script, MigrationVersion version, List<String> changes) {
        public Changed {
            changes = List.copyOf(changes);
        }
    }

    /**
     * A migration the history records but the code does not contain any more.
     *
     * @param script the migration ({@code table.column})
     * @param version its version
     * @param applied whether it had been applied successfully
     */
    public record Missing(String script, MigrationVersion version, boolean applied) {
    }

    /** Whether history and code agree. */
    public boolean isValid() {
        return changed.isEmpty() && missing.isEmpty();
    }

    /** One line per finding, for messages and logs. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        for (Changed c : changed) {
            lines.add(label(c.version(), c.script()) + " was applied, then edited: " + String.join("; ", c.changes()));
        }
        for (Missing m : missing) {
            lines.add(label(m.version(), m.script()) + " is recorded in the history"
                    + (m.applied() ? " as applied" : " as failed") + " but is not in the code any more");
        }
        return lines;
    }

    private static String label(MigrationVersion version, String script) {
        return (version.isNone() ? "" : "v" + version + " ") + script;
    }

    @Override
    public String toString() {
        return isValid() ? "valid" : String.join("\n", lines());
    }
}
