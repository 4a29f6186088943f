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
    /** Compilations per variant, after the warm-up: more for the small corpora, whose times are short and noisy. */
    private static final int RUNS_SMALL = 7;
    private static final int RUNS_DENSE = 3;
    private static final Pattern REALISTIC = Pattern.compile("(\\d+)x(\\d+)(case|parser)?");
    private static final Pattern TIMING = Pattern.compile(
            "(\\d+) field\\(s\\) in (\\d+) ms inside the processor: jOOQ's parser (\\d+) ms \\(start-up (\\d+) ms,"
                    + " (\\d+) expression\\(s\\).*\\d+ source\\(s\\) rendered by JavaPoet in (\\d+) ms and written through javac's Filer in (\\d+) ms, the rest \\(validation\\) (\\d+) ms");

    private ProcessorBenchmark() {
    }

    /**
     * Arguments: {@code 60x5} (60 entities, 5 of them with a {@code @RequiredSince} field), {@code 60x5case}
     * (one of those backfills a CASE), {@code 60x5parser} (an EXTRACT, which only jOOQ's parser reads), or a
     * number (a dense corpus: that many entities with three each).
     */
    public static void main(String[] args) throws Exception {
        String[] corpora = args.length > 0 ? args : new String[] {"60x5", "60x5case", "60x5parser", "1000"};
        Path work = Files.createTempDirectory("requiredsince-bench");
        try {
            Path noOp = noOpProcessor(work.resolve("noop"));
            System.out.printf(Locale.ROOT, "javac %s, %d cores; per variant %d warm-up and %d (dense: %d) measured"
                    + " compilations, alternating, each a fresh javac process%n", System.getProperty("java.version"),
                    Runtime.getRuntime().availableProcessors(), WARMUP, RUNS_SMALL, RUNS_DENSE);
            for (String corpus : corpora) {
                Path dir = work.resolve("corpus-" + corpus);
                Matcher realistic = REALISTIC.matcher(corpus);
                List<Path> sources;
                String what;
                int runs;
                if (realistic.matches()) {
                    int entities = Integer.parseInt(realistic.group(1));
                    int migrations = Integer.parseInt(realistic.group(2));
                    String variant = realistic.group(3);
                    sources = Corpus.realistic(dir.resolve("src"), entities, migrations, variant);
                    what = String.format(Locale.ROOT, "%d entities, %d with a @RequiredSince field%s", entities,
                            migrations, "case".equals(variant) ? ", one backfill a CASE"
                                    : "parser".equals(variant) ? ", one backfill an EXTRACT only jOOQ's parser reads"
                                    : "");
                    runs = RUNS_SMALL;
                } else {
                    int entities = Integer.parseInt(corpus);
                    sources = Corpus.write(dir.resolve("src"), entities);
                    what = String.format(Locale.ROOT, "%d entities, %d @RequiredSince fields; %d expressions, %d of them"
                            + " beyond the fast reader", entities, entities * Corpus.FIELDS, entities,
                            Corpus.complexExpressions(entities));
                    runs = RUNS_DENSE;
                }
                run(dir, sources, what, runs, noOp);
            }
        } finally {
            delete(work);
        }
    }

    private static void run(Path dir, List<Path> sources, String what, int runs, Path noOp) throws Exception {
        Path argFile = Files.write(dir.resolve("sources.txt"),
                sources.stream().map(p -> quote(p.toString())).toList(), StandardCharsets.UTF_8);
        long[] without = new long[runs];
        long[] idle = new long[runs];
        long[] with = new long[runs];
        long[][] cpu = new long[3][runs];
        long[][] parts = new long[runs][];
        for (int i = 0; i < WARMUP + runs; i++) {
            Result a = javac(dir, argFile, null, false);
            Result n = javac(dir, argFile, List.of(noOp), false);
            Result b = javac(dir, argFile, processorPath(), true);
            if (i >= WARMUP) {
                without[i - WARMUP] = a.millis;
                idle[i - WARMUP] = n.millis;
                with[i - WARMUP] = b.millis;
                cpu[0][i - WARMUP] = a.cpuMillis;
                cpu[1][i - WARMUP] = n.cpuMillis;
                cpu[2][i - WARMUP] = b.cpuMillis;
                parts[i - WARMUP] = b.timing;
            }
        }
        double base = median(without);
        double noOpTime = median(idle);
        double full = median(with);
        System.out.printf(Locale.ROOT, "%n%s:%n", what);
        System.out.printf(Locale.ROOT, "  javac without a processor              %7.0f ms (median)%n", base);
        System.out.printf(Locale.ROOT, "  javac with a processor that does nothing %5.0f ms  ratio %.2f%n", noOpTime,
                noOpTime / base);
        System.out.printf(Locale.ROOT, "  javac with requiredsince's processor   %7.0f ms  ratio %.2f (+%.1f%%); against the"
                + " idle processor %.2f%n", full, full / base, (full / base - 1) * 100, full / noOpTime);
        if (cpu[0][0] >= 0) {
            double cpuBase = median(cpu[0]);
            double cpuIdle = median(cpu[1]);
            double cpuFull = median(cpu[2]);
            System.out.printf(Locale.ROOT, "  CPU time, every thread of javac: without %.0f ms, with the idle processor %.0f ms"
                    + " (ratio %.2f), with requiredsince's %.0f ms (ratio %.2f; against the idle processor %.2f)%n",
                    cpuBase, cpuIdle, cpuIdle / cpuBase, cpuFull, cpuFull / cpuBase, cpuFull / cpuIdle);
        }
        double inside = median(column(parts, 1));
        System.out.printf(Locale.ROOT, "  where the %.0f ms go: %.0f ms inside the processor (jOOQ's parser %.0f ms, of which"
                        + " start-up %.0f ms; %.0f sources rendered by JavaPoet in %.0f ms, written through javac's Filer in"
                        + " %.0f ms; validation %.0f ms), %.0f ms outside it (javac's annotation processing itself,"
                        + " loading the processor, compiling the generated classes)%n",
                full - base, inside, median(column(parts, 2)), median(column(parts, 3)), median(column(parts, 0)),
                median(column(parts, 5)), median(column(parts, 6)), median(column(parts, 7)),
                Math.max(0, full - base - inside));
    }

    /** A processor that claims {@code @RequiredSince} and does nothing: what any processor costs javac. */
    private static Path noOpProcessor(Path dir) throws IOException, InterruptedException {
        Path src = Files.createDirectories(dir.resolve("src/bench"));
        Files.writeString(src.resolve("NoOp.java"), "package bench;\n"
                + "import java.util.Set;\n"
                + "import javax.annotation.processing.*;\n"
                + "import javax.lang.model.SourceVersion;\n"
                + "import javax.lang.model.element.TypeElement;\n"
                + "@SupportedAnnotationTypes(\"io.requiredsince.RequiredSince\")\n"
                + "public final class NoOp extends AbstractProcessor {\n"
                + "    @Override public SourceVersion getSupportedSourceVersion() { return SourceVersion.latestSupported(); }\n"
                + "    @Override public boolean process(Set<? extends TypeElement> a, RoundEnvironment r) { return false; }\n"
                + "}\n");
        Path classes = Files.createDirectories(dir.resolve("classes"));
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "javac").toString(), "-d",
                classes.toString(), src.resolve("NoOp.java").toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("could not compile the idle processor:\n" + out);
        }
        Path services = Files.createDirectories(classes.resolve("META-INF/services"));
        Files.writeString(services.resolve("javax.annotation.processing.Processor"), "bench.NoOp\n");
        return classes;
    }

    /** Wall time, CPU time of the whole javac process (-1 where the system does not say), the processor's note. */
    private record Result(long millis, long cpuMillis, long[] timing) {
    }

    /**
     * The CPU time of this JVM's children that were waited for, in milliseconds (Linux's
     * {@code /proc/self/stat}, cutime + cstime, at 100 ticks a second); -1 elsewhere.
     */
    private static long childrenCpuMillis() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // After the command: state is field 3, cutime 16 and cstime 17 (1-based over the whole line).
            return (Long.parseLong(f[13]) + Long.parseLong(f[14])) * 10;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * One compilation in a fresh javac process, into a fresh directory: with {@code processorPath}'s
     * processors, or none when it is null; {@code ours} when that is requiredsince's (its timing is read).
     */
    private static Result javac(Path dir, Path argFile, List<Path> processorPath, boolean ours)
            throws IOException, InterruptedException {
        Path out = Files.createTempDirectory(dir, "out");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "javac").toString(),
                "-J-XX:+UseSerialGC", "-encoding", "UTF-8", "-d", out.toString(), "-s", out.toString(),
                "-classpath", join(runtimeClassPath())));
        if (processorPath == null) {
            command.add("-proc:none");
        } else {
            command.addAll(List.of("-processorpath", join(processorPath)));
        }
        if (ours) {
            command.add("-Arequiredsince.timing");
        }
        command.add("@" + argFile);
        long cpuBefore = childrenCpuMillis();
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = process.waitFor();
        long millis = (System.nanoTime() - start) / 1_000_000;
        long cpuMillis = cpuBefore < 0 ? -1 : childrenCpuMillis() - cpuBefore;
        if (exit != 0) {
            throw new IllegalStateException("javac failed:\n" + output);
        }
        long[] timing = null;
        if (ours) {
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
        return new Result(millis, cpuMillis, timing);
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

    /** The processor's own dependencies, as a build's annotationProcessorPaths gives them: not the tests'. */
    private static final List<String> PROCESSOR_DEPENDENCIES = List.of("requiredsince-runtime", "javapoet", "jooq-",
            "r2dbc-spi", "reactive-streams", "jakarta.xml.bind-api", "jakarta.activation-api", "auto-service-annotations");

    /** The processor and its dependencies. */
    private static List<Path> processorPath() {
        return classPath().stream().filter(p -> {
            String s = p.toString().replace(File.separatorChar, '/');
            String name = p.getFileName().toString();
            return s.endsWith("/classes") && !s.contains("test-classes")
                    || PROCESSOR_DEPENDENCIES.stream().anyMatch(name::startsWith);
        }).toList();
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
