package io.requiredsince.runtime;

import java.time.Duration;

/**
 * A statement the migrator ran.
 *
 * @param step what the statement is for ({@code add column}, {@code backfill}, {@code set not null}…)
 * @param sql the statement exactly as sent to the database
 * @param rows the rows it changed (backfills), else 0
 * @param duration how long it took
 */
public record ExecutedStep(String step, String sql, long rows, Duration duration) {
}
