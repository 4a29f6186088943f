package io.requiredsince.runtime.internal;

import io.requiredsince.runtime.Migration;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Finds the generated migrations through {@link ServiceLoader}. An entry whose class is gone (an
 * incremental build that kept a stale registry line) is logged and skipped, not fatal.
 */
public final class MigrationLoader {

    private static final System.Logger LOG = Log.get();

    private MigrationLoader() {
    }

    public static List<Migration> load(ClassLoader classLoader) {
        List<Migration> found = new ArrayList<>();
        Iterator<Migration> it = ServiceLoader.load(Migration.class, classLoader).iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                found.add(it.next());
            } catch (ServiceConfigurationError e) {
                LOG.log(Level.WARNING, "Skipping a registered migration that cannot be loaded"
                        + " (a stale entry from an incremental build? a clean build removes it): " + e.getMessage());
            }
        }
        return found;
    }
}
