package io.requiredsince.processor.bench;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What the processor costs javac: compiles a generated corpus of annotated entities with and
 * without it, alternating, and prints the medians and their ratio, then where the difference goes.
 * Not a test: run it with {@code mvn -q -pl processor -am -Pprocessor-benchmark -DskipTests verify}.
 *
 * <p>Each compilation is a fresh {@code javac} process, as in a command-line or Maven build: javac
 * and the processor start cold together (class loading, jOOQ's start-up when it is needed), which is
 * what a developer waits for. The processor's own share comes from its {@code -Arequiredsince.timing}
 * note.
 */
public final class ProcessorBenchmark {

    private static final int WARMUP = 1;
    private static final int RUNS = 5;
    private static final Pattern TIMING = Pattern.compile(
            "(\\d+) field\\(s\\) in (\\d+) ms inside the processor: jOOQ's parser (\\d+) ms \\(start-up (\\d+) ms,"
                    + " (\\d+) expression\\(s\\).*\\d+ source\\(s\\) rendered by JavaPoet in (\\d+) ms and written through javac's Filer in (\\d+) ms, the rest \\(validation\\) (\\d+) ms");

    private ProcessorBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int[] sizes = args.length > 0 ? Arrays.stream(args).mapToInt(Integer::parseInt).toArray() : new int[] {10, 1000};
        Path work = Files.createTempDirectory("requiredsince-bench");
        try {
            System.out.printf(Locale.ROOT, "javac %s, %d cores; per variant %d warm-up and %d measured compilations,"
                    + " each a fresh javac process%n", System.getProperty("java.version"),
                    Runtime.getRuntime().availableProcessors(), WARMUP, RUNS);
            for (int size : sizes) {
                run(work.resolve("corpus-" + size), size);
            }
        } finally {
            delete(work);
        }
    }

    private static void run(Path dir, int entities) throws Exception {
        List<Path> sources = Corpus.write(dir.resolve("src"), entities);
        Path argFile = Files.write(dir.resolve("sources.txt"),
                sources.stream().map(p -> quote(p.toString())).toList(), StandardCharsets.UTF_8);
        long[] without = new long[RUNS];
        long[] with = new long[RUNS];
        long[][] parts = new long[RUNS][];
        for (int i = 0; i < WARMUP + RUNS; i++) {
            Result a = javac(dir, argFile, false);
            Result b = javac(dir, argFile, true);
            if (i >= WARMUP) {
                without[i - WARMUP] = a.millis;
                with[i - WARMUP] = b.millis;
                parts[i - WARMUP] = b.timing;
            }
        }
        double base = median(without);
        double full = median(with);
        System.out.printf(Locale.ROOT, "%n%d entities (%d @RequiredSince fields; %d expressions, %d of them beyond the"
                + " fast reader):%n", entities, entities * Corpus.FIELDS, entities, Corpus.complexExpressions(entities));
        System.out.printf(Locale.ROOT, "  javac without the processor  %7.0f ms (median)%n", base);
        System.out.printf(Locale.ROOT, "  javac with the processor     %7.0f ms (median)%n", full);
        System.out.printf(Locale.ROOT, "  ratio                        %7.2f  (+%.1f%%)%n", full / base, (full / base - 1) * 100);
        double inside = median(column(parts, 1));
        System.out.printf(Locale.ROOT, "  where the %.0f ms go: %.0f ms inside the processor (jOOQ's parser %.0f ms, of which"
                        + " start-up %.0f ms; %.0f sources rendered by JavaPoet in %.0f ms, written through javac's Filer in"
                        + " %.0f ms; validation %.0f ms), %.0f ms outside it (javac compiling the generated classes,"
                        + " loading the processor)%n",
                full - base, inside, median(column(parts, 2)), median(column(parts, 3)), median(column(parts, 0)),
                median(column(parts, 5)), median(column(parts, 6)), median(column(parts, 7)),
                Math.max(0, full - base - inside));
        System.out.printf(Locale.ROOT, "  per migration: %.1f ms%n", (full - base) / (entities * Corpus.FIELDS));
    }

    private record Result(long millis, long[] timing) {
    }

    /** One compilation in a fresh javac process, into a fresh directory. */
    private static Result javac(Path dir, Path argFile, boolean withProcessor) throws IOException, InterruptedException {
        Path out = Files.createTempDirectory(dir, "out");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "javac").toString(),
                "-J-XX:+UseSerialGC", "-encoding", "UTF-8", "-d", out.toString(), "-s", out.toString(),
                "-classpath", join(runtimeClassPath())));
        if (withProcessor) {
            command.addAll(List.of("-processorpath", join(processorPath()), "-Arequiredsince.timing"));
        } else {
            command.add("-proc:none");
        }
        command.add("@" + argFile);
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = process.waitFor();
        long millis = (System.nanoTime() - start) / 1_000_000;
        if (exit != 0) {
            throw new IllegalStateException("javac failed:\n" + output);
        }
        long[] timing = null;
        if (withProcessor) {
            Matcher m = TIMING.matcher(output);
            if (!m.find() || !Files.exists(out.resolve("META-INF/services/io.requiredsince.runtime.Migration"))) {
                throw new IllegalStateException("The processor did not run:\n" + output);
            }
            timing = new long[8];
            for (int g = 0; g < 8; g++) {
                timing[g] = Long.parseLong(m.group(g + 1));
            }
        }
        delete(out);
        return new Result(millis, timing);
    }

    private static long[] column(long[][] rows, int index) {
        return Arrays.stream(rows).mapToLong(r -> r[index]).toArray();
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2.0;
    }

    /** The entities' class path: the runtime (the annotations and the generated code's API). */
    private static List<Path> runtimeClassPath() {
        return classPath().stream()
                .filter(p -> p.toString().contains("requiredsince-runtime")
                        || p.toString().replace(File.separatorChar, '/').contains("/runtime/target/classes"))
                .toList();
    }

    /** The processor and its dependencies, as annotationProcessorPaths gives them. */
    private static List<Path> processorPath() {
        return classPath().stream().filter(p -> !p.toString().contains("test-classes")).toList();
    }

    private static List<Path> classPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator)).map(Path::of).toList();
    }

    private static String join(List<Path> paths) {
        return paths.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
    }

    private static String quote(String path) {
        return "\"" + path.replace("\\", "\\\\") + "\"";
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
