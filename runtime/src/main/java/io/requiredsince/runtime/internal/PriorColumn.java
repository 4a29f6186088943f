package io.requiredsince.runtime.internal;

/**
 * What the column was before the migration first touched it, recorded in the history when the
 * migration starts: a rerun after a crash sees the column as the partial steps left it, and only
 * this record tells the application's own definition from what the migration added. A migration
 * never drops or changes what it did not add, so an existing column's default stays.
 *
 * @param existed whether the column existed (then its type is the application's, compared with the spec's)
 * @param defaultValue its default as the catalog reported it, or null when it had none
 */
public record PriorColumn(boolean existed, String defaultValue) {

    /** The column did not exist: everything on it is the migration's. */
    public static final PriorColumn MISSING = new PriorColumn(false, null);

    /** The column as it is now, before any step of the migration ran. */
    public static PriorColumn of(LiveColumn live) {
        return live.exists() ? new PriorColumn(true, live.defaultValue()) : MISSING;
    }

    /** Whether the column had a default of its own, which the migration keeps whatever keepDefault says. */
    public boolean hadDefault() {
        return existed && defaultValue != null;
    }
}
