package io.requiredsince.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Temporary directories of this test JVM, each deleted with everything in it when the JVM exits
 * (a database file's journal and lock files, an embedded server's data): a run leaves the system's
 * temporary directory as it found it.
 */
final class TempDirectories {

    private static final List<Path> CREATED = new ArrayList<>();

    private TempDirectories() {
    }

    /** A new directory {@code <tmp>/<prefix><random>}, deleted at exit. */
    static synchronized Path create(String prefix) {
        try {
            Path dir = Files.createTempDirectory(prefix);
            if (CREATED.isEmpty()) {
                Runtime.getRuntime().addShutdownHook(new Thread(TempDirectories::deleteAll));
            }
            CREATED.add(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static synchronized void deleteAll() {
        for (Path dir : CREATED) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException | UncheckedIOException e) {
                System.err.println("[requiredsince tests] could not delete " + dir + ": " + e.getMessage());
            }
        }
    }
}
