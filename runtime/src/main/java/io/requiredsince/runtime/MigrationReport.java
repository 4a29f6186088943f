package io.requiredsince.runtime;

import io.requiredsince.runtime.internal.Step;
import java.util.List;
import java.util.Locale;

/**
 * What one {@link Migrator#migrate()} or {@link Migrator#complete()} call did.
 *
 * @param engine the database detected, such as {@code PostgreSQL 17.6}
 * @param applied the migrations this call expanded, completed or applied whole, in the order they ran
 *     ({@link MigrationResult#state()} says where each stands)
 * @param alreadyApplied how many migrations the history already held
 */
public record MigrationReport(String engine, List<MigrationResult> applied, int alreadyApplied) {

    public MigrationReport {
        applied = List.copyOf(applied);
    }

    /** Total rows backfilled across all migrations. */
    public long rowsBackfilled() {
        return applied.stream().mapToLong(MigrationResult::rowsBackfilled).sum();
    }

    /**
     * Every warning of the migrations applied, in the order they ran: what a migration found on a
     * column that existed before it and left as the application had it (see {@link MigrationResult#warnings()}).
     */
    public List<String> warnings() {
        return applied.stream().flatMap(r -> r.warnings().stream()).toList();
    }

    /**
     * A readable multi-line summary, one block per migration, one line per step: its name, its time
     * and its statements, a step of several statements continuing under the first.
     */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        long expanded = applied.stream().filter(r -> r.state() == MigrationState.EXPANDED).count();
        long whole = applied.size() - expanded;
        String expandedText = String.format(Locale.ROOT, "%d migration(s) expanded (inserts that omit the column still"
                + " work until complete())", expanded);
        String done = expanded == 0 ? String.format(Locale.ROOT, "%d migration(s) applied", whole)
                : whole == 0 ? expandedText : String.format(Locale.ROOT, "%d migration(s) applied, ", whole) + expandedText;
        out.append(String.format(Locale.ROOT, "%s: %s, %d already applied%n", engine, done, alreadyApplied));
        int width = applied.stream().flatMap(r -> r.steps().stream()).mapToInt(s -> s.step().length()).max().orElse(0);
        for (MigrationResult r : applied) {
            out.append(String.format(Locale.ROOT, "  %s %s%s — %s in %,d ms%n",
                    r.version().isNone() ? "(unversioned)" : "v" + r.version(), r.script(),
                    r.state() == MigrationState.EXPANDED ? " (expanded)" : "",
                    Step.rowsOutcome(r.rowsBackfilled(), r.steps()), r.duration().toMillis()));
            for (String w : r.warnings()) {
                out.append("      warning: ").append(w).append('\n');
            }
            if (r.steps().isEmpty()) {
                out.append(r.state() == MigrationState.EXPANDED ? "      nothing to do until complete()\n"
                        : "      nothing to do: the column is already required\n");
            }
            String indent = " ".repeat(6 + width + 2 + 9 + 2);
            for (ExecutedStep s : r.steps()) {
                String sql = s.sql().replace("\n", "\n" + indent);
                out.append(String.format(Locale.ROOT, "      %-" + width + "s  %,6d ms  %s%n", s.step(),
                        s.duration().toMillis(), sql));
            }
        }
        return out.toString();
    }
}
