package io.requiredsince.runtime;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@link Migrator#validate()} found when comparing the history table with the code: applied
 * migrations whose definition was edited afterwards, and recorded migrations the code no longer has.
 * {@link Migrator#migrate()} refuses to run while it is not {@link #isValid() valid}; revert the code,
 * or accept the new state with {@link Migrator#repair()}. Warnings do not make it invalid.
 *
 * @param changed applied migrations whose definition differs from the code's
 * @param missing recorded migrations that are not in the code any more
 * @param warnings what the migrations find on columns that existed before them, one sentence each: a
 *     type other than the declared one (the column is left as it is), a default of its own that
 *     keepDefault does not replace, a constant backfill the column cannot hold (migrate() stops there)
 */
public record ValidationReport(List<Changed> changed, List<Missing> missing, List<String> warnings) {

    public ValidationReport {
        changed = List.copyOf(changed);
        missing = List.copyOf(missing);
        warnings = List.copyOf(warnings);
    }

    /** A report without warnings. */
    public ValidationReport(List<Changed> changed, List<Missing> missing) {
        this(changed, missing, List.of());
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
        List<String> out = new ArrayList<>(isValid() ? List.of("valid") : lines());
        warnings.forEach(w -> out.add("warning: " + w));
        return String.join("\n", out);
    }
}
