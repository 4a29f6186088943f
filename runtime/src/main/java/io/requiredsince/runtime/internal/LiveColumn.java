package io.requiredsince.runtime.internal;

/**
 * The state of the target column in the live schema, read before each step.
 *
 * @param exists whether the column exists
 * @param nullable whether it accepts NULL
 * @param defaultValue its default as the catalog reports it, or null when it has none
 */
public record LiveColumn(boolean exists, boolean nullable, String defaultValue) {

    static final LiveColumn MISSING = new LiveColumn(false, true, null);

    public boolean hasDefault() {
        return defaultValue != null;
    }

    public boolean isRequired() {
        return exists && !nullable;
    }

    LiveColumn added(boolean nullable, String defaultValue) {
        return new LiveColumn(true, nullable, defaultValue);
    }

    LiveColumn notNull() {
        return new LiveColumn(exists, false, defaultValue);
    }

    LiveColumn withDefault(String defaultValue) {
        return new LiveColumn(exists, nullable, defaultValue);
    }
}
