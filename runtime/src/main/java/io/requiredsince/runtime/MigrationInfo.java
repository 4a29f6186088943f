package io.requiredsince.runtime;

import java.time.Instant;

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
}
