package io.requiredsince.runtime;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * One line of {@link Migrator#info()}.
 *
 * @param script the migration's identity ({@code table.column})
 * @param version its version
 * @param description its description
 * @param state applied, pending or failed
 * @param installedOn when it was applied or last attempted, or null when pending
 * @param executionTimeMillis how long it took, or null when pending
 * @param rowsBackfilled rows that received the backfill, or null when pending
 */
public record MigrationInfo(String script, MigrationVersion version, String description, MigrationState state,
                            Instant installedOn, Integer executionTimeMillis, Long rowsBackfilled) {

    /** One line: version, script, state, when, how long and how many rows. */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s %s: %s%s", version.isNone() ? "(unversioned)" : "v" + version, script,
                state, details());
    }

    private String details() {
        if (installedOn == null) {
            return "";
        }
        return String.format(Locale.ROOT, " on %s, %,d ms, %,d row(s) backfilled",
                installedOn.truncatedTo(java.time.temporal.ChronoUnit.SECONDS), executionTimeMillis == null ? 0
                        : executionTimeMillis, rowsBackfilled == null ? 0 : rowsBackfilled);
    }

    /** {@code infos} as an aligned table, one line per migration. */
    static String table(List<MigrationInfo> infos) {
        if (infos.isEmpty()) {
            return "no migrations\n";
        }
        int version = "version".length();
        int script = "migration".length();
        for (MigrationInfo i : infos) {
            version = Math.max(version, i.versionText().length());
            script = Math.max(script, i.script().length());
        }
        String row = "%-" + version + "s  %-" + script + "s  %-8s  %-20s  %10s  %12s%n";
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, row, "version", "migration", "state",
                "installed on", "time", "rows"));
        for (MigrationInfo i : infos) {
            out.append(String.format(Locale.ROOT, row, i.versionText(), i.script(), i.state(),
                    i.installedOn() == null ? "" : i.installedOn().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                    i.executionTimeMillis() == null ? "" : String.format(Locale.ROOT, "%,d ms", i.executionTimeMillis()),
                    i.rowsBackfilled() == null ? "" : String.format(Locale.ROOT, "%,d", i.rowsBackfilled())));
        }
        return out.toString();
    }

    private String versionText() {
        return version.isNone() ? "-" : version.toString();
    }
}
