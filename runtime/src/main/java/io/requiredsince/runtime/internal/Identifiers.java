package io.requiredsince.runtime.internal;

import java.util.Locale;

/**
 * How a name written in an annotation becomes the name stored in the catalog. A name in lower case
 * is treated as unquoted and folded the way the engine folds unquoted identifiers, so
 * {@code organizations} finds a table created as {@code CREATE TABLE organizations} on H2, where it
 * is stored as {@code ORGANIZATIONS}. A name with any upper-case letter is taken exactly.
 */
final class Identifiers {

    private Identifiers() {
    }

    static String fold(String name, EngineInfo engine) {
        if (engine.foldsToUpperCase() && name.equals(name.toLowerCase(Locale.ROOT))) {
            return name.toUpperCase(Locale.ROOT);
        }
        return name;
    }
}
