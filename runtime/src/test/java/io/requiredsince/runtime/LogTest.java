package io.requiredsince.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a person reads of the runtime's log, in applications set up three ways: nothing configured
 * (one line per event on standard error, no SLF4J warning), SLF4J with a provider (its lines), and
 * {@code java.util.logging} configured by the application (its format). Each in a JVM of its own
 * ({@link LogChild}), since logging is set up once per JVM.
 */
class LogTest {

    private static final String EXPANDED = "Expanded v2 organizations.plan: ";

    @TempDir
    Path dir;

    /** The test class path without SLF4J, plus {@code extra}. */
    private static String classPath(List<String> extra) {
        List<String> entries = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> !e.contains("slf4j")).collect(Collectors.toCollection(ArrayList::new));
        entries.addAll(extra);
        return String.join(File.pathSeparator, entries);
    }

    private static List<String> slf4jJars() throws Exception {
        Path dir = Paths.get(System.getProperty("requiredsince.test.slf4j", "target/slf4j"));
        try (var files = Files.list(dir)) {
            List<String> jars = files.map(Path::toString).filter(f -> f.endsWith(".jar")).sorted().toList();
            assertEquals(2, jars.size(), "slf4j-api and slf4j-simple in " + dir + ": " + jars);
            return jars;
        }
    }

    /** Runs {@link LogChild}; returns its standard error. */
    private static String run(String classPath, String... properties) throws Exception {
        List<String> command = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", classPath, "-Dorg.jooq.no-logo=true", "-Dorg.jooq.no-tips=true"));
        command.addAll(List.of(properties));
        command.add(LogChild.class.getName());
        Process p = new ProcessBuilder(command).start();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the child ended");
        assertEquals(0, p.exitValue(), err);
        assertEquals("DONE", new String(out, StandardCharsets.UTF_8).strip(), err);
        return err;
    }

    @Test
    void nothingConfiguredPrintsOneLinePerEvent() throws Exception {
        String err = run(classPath(List.of()));

        List<String> lines = err.lines().toList();
        assertTrue(lines.stream().anyMatch(l -> l.matches("\\d\\d:\\d\\d:\\d\\d requiredsince INFO  "
                + java.util.regex.Pattern.quote(EXPANDED) + ".*")), err);
        assertTrue(lines.stream().anyMatch(l -> l.matches("\\d\\d:\\d\\d:\\d\\d requiredsince WARN  requiredsince found no migrations.*")),
                err);
        assertTrue(lines.stream().allMatch(l -> l.contains(" requiredsince ")), "every line is one event: " + err);
        assertFalse(err.contains("SLF4J"), "no SLF4J warning: " + err);
        assertFalse(err.contains("io.requiredsince.runtime.internal."), "no JUL source line: " + err);
    }

    @Test
    void anSlf4jProviderGetsTheEvents() throws Exception {
        String err = run(classPath(slf4jJars()));

        assertTrue(err.lines().anyMatch(l -> l.contains("INFO io.requiredsince - " + EXPANDED)),
                "slf4j-simple's format: " + err);
        assertFalse(err.contains(" requiredsince INFO  "), "not the runtime's own line: " + err);
    }

    @Test
    void javaUtilLoggingConfiguredByTheApplicationIsHonoured() throws Exception {
        Path config = dir.resolve("logging.properties");
        Files.writeString(config, """
                handlers = java.util.logging.ConsoleHandler
                java.util.logging.ConsoleHandler.formatter = java.util.logging.SimpleFormatter
                java.util.logging.SimpleFormatter.format = JUL|%4$s|%5$s%n
                io.requiredsince.level = WARNING
                """);
        String err = run(classPath(List.of()), "-Djava.util.logging.config.file=" + config);

        assertTrue(err.lines().anyMatch(l -> l.startsWith("JUL|WARNING|requiredsince found no migrations")), err);
        assertFalse(err.contains(EXPANDED), "the application's level holds: INFO is off: " + err);
        assertFalse(err.contains(" requiredsince WARN"), err);
    }
}
