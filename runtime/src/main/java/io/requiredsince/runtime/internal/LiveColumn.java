package io.requiredsince.runtime.internal;

/**
 * The state of the target column in the live schema, read before each step.
 *
 * @param exists whether the column exists
 * @param nullable whether it accepts NULL
 * @param defaultValue its default as the catalog reports it, or null when it has none
 * @param check the state of the temporary {@code CHECK (col IS NOT NULL)} constraint some strategies
 *     use to tighten without a long lock (PostgreSQL); {@link Check#NONE} elsewhere
 * @param fill how much of the migration's {@link Fill} is in place: what gives a row inserted
 *     without the column its value while the migration is expanded
 */
public record LiveColumn(boolean exists, boolean nullable, String defaultValue, Check check, Fill.State fill) {

    /** The temporary NOT NULL check constraint. */
    public enum Check { NONE, NOT_VALID, VALID }

    public static final LiveColumn MISSING = new LiveColumn(false, true, null);

    public LiveColumn(boolean exists, boolean nullable, String defaultValue) {
        this(exists, nullable, defaultValue, Check.NONE);
    }

    public LiveColumn(boolean exists, boolean nullable, String defaultValue, Check check) {
        this(exists, nullable, defaultValue, check, Fill.State.NONE);
    }

    public boolean hasDefault() {
        return defaultValue != null;
    }

    public boolean isRequired() {
        return exists && !nullable;
    }

    public LiveColumn added(boolean nullable, String defaultValue) {
        return new LiveColumn(true, nullable, defaultValue, check, fill);
    }

    public LiveColumn notNull() {
        return new LiveColumn(exists, false, defaultValue, check, fill);
    }

    public LiveColumn withDefault(String defaultValue) {
        return new LiveColumn(exists, nullable, defaultValue, check, fill);
    }

    public LiveColumn withCheck(Check check) {
        return new LiveColumn(exists, nullable, defaultValue, check, fill);
    }

    public LiveColumn withFill(Fill.State fill) {
        return new LiveColumn(exists, nullable, defaultValue, check, fill);
    }
}
