package io.requiredsince.runtime.internal;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How a name written in an annotation becomes the name stored in the catalog. A name in lower case
 * (letters, digits and underscores) is treated as unquoted and folded the way the engine folds unquoted identifiers, so
 * {@code organizations} finds a table created as {@code CREATE TABLE organizations} on H2, where it
 * is stored as {@code ORGANIZATIONS}. A name with any upper-case letter is taken exactly.
 */
public final class Identifiers {

    private Identifiers() {
    }

    // What could have been written unquoted: a name with other characters was quoted when created, and kept its case.
    private static final Pattern PLAIN = Pattern.compile("[a-z_][a-z0-9_$]*");

    /** {@code name} as the engine stores it when it was written unquoted. */
    public static String fold(String name, EngineInfo engine) {
        if (engine.foldsToUpperCase() && PLAIN.matcher(name).matches()) {
            return name.toUpperCase(Locale.ROOT);
        }
        return name;
    }
}
