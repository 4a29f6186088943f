package io.requiredsince.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The processor among others and across builds: rounds, incremental compiles, Gradle's metadata. */
class BuildCitizenshipTest {

    /** Another processor that, in the first round, generates an enum and an entity using it. */
    static final class GeneratingProcessor extends AbstractProcessor {
        private boolean done;

        @Override
        public Set<String> getSupportedAnnotationTypes() {
            return Set.of("*");
        }

        @Override
        public SourceVersion getSupportedSourceVersion() {
            return SourceVersion.latestSupported();
        }

        @Override
        public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
            if (done) {
                return false;
            }
            done = true;
            write("com.example.gen.Tier", "package com.example.gen;\npublic enum Tier { FREE, PRO }\n");
            write("com.example.gen.Seat", "package com.example.gen;\n"
                    + "@io.requiredsince.Table(\"seats\")\n"
                    + "public class Seat {\n"
                    + "    @io.requiredsince.RequiredSince(version = \"3\", backfill = \"'FREE'\")\n"
                    + "    Tier tier;\n"
                    + "}\n");
            return false;
        }

        private void write(String name, String source) {
            try (Writer w = processingEnv.getFiler().createSourceFile(name).openWriter()) {
                w.write(source);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void entityReferringToATypeGeneratedInALaterRoundStillGetsItsMigration() {
        JavaFileObject subscription = JavaFileObjects.forSourceLines("com.example.Subscription",
                "package com.example;",
                "public class Subscription {",
                "    @io.requiredsince.RequiredSince(version = \"2\", backfill = \"'PRO'\")",
                "    com.example.gen.Tier tier;",
                "}");
        Compilation compilation = Compiler.javac()
                .withProcessors(new GeneratingProcessor(), new RequiredSinceProcessor())
                .compile(subscription);

        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation).generatedSourceFile("com.example.Subscription_tier_Migration").contentsAsUtf8String()
                .contains(".backfill(Backfill.constant(\"'PRO'\"))");
        // An entity that is itself generated, in a later round, is processed there.
        assertThat(compilation).generatedSourceFile("com.example.gen.Seat_tier_Migration");
        assertThat(compilation).generatedFile(StandardLocation.CLASS_OUTPUT, MigrationWriter.REGISTRY)
                .contentsAsUtf8String()
                .isEqualTo("com.example.Subscription_tier_Migration\ncom.example.gen.Seat_tier_Migration\n");
    }

    @Test
    void deferredFieldIsCheckedOnceItsTypeExists() {
        JavaFileObject subscription = JavaFileObjects.forSourceLines("com.example.Subscription",
                "package com.example;",
                "public class Subscription {",
                "    @io.requiredsince.RequiredSince(version = \"2\", backfill = \"'GOLD'\")",
                "    com.example.gen.Tier tier;",
                "}");
        Compilation compilation = Compiler.javac()
                .withProcessors(new GeneratingProcessor(), new RequiredSinceProcessor())
                .compile(subscription);

        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("[RequiredSinceBackfillType] The backfill 'GOLD' is not a constant"
                + " of com.example.gen.Tier").inFile(subscription).onLineContaining("@io.requiredsince.RequiredSince");
    }

    @Test
    void typeThatNeverAppearsIsLeftToJavacsOwnError() {
        JavaFileObject subscription = JavaFileObjects.forSourceLines("com.example.Subscription",
                "package com.example;",
                "public class Subscription {",
                "    @io.requiredsince.RequiredSince(version = \"2\", backfill = \"'PRO'\")",
                "    com.example.gen.Missing tier;",
                "}");
        Compilation compilation = Compilations.compile(subscription);

        assertThat(compilation).failed();
        assertThat(compilation).hadErrorContaining("com.example.gen").inFile(subscription).onLineContaining("Missing tier");
        assertTrue(compilation.errors().stream().noneMatch(d -> d.getMessage(null).contains("[RequiredSince")),
                "no second, confusing error from the processor: " + compilation.errors());
    }

    /**
     * Maven's incremental compile and Gradle's hand javac only the changed sources, with the earlier
     * output on the class path and in the output directory: the registry must keep the others.
     */
    @Test
    void recompilingOneEntityKeepsEveryOtherMigrationInTheRegistry(@TempDir Path dir) throws IOException {
        Path sources = Files.createDirectories(dir.resolve("src/com/example"));
        Path classes = Files.createDirectories(dir.resolve("classes"));
        Path plan = Files.writeString(sources.resolve("Organization.java"), entity("Organization", "plan", "'free'"));
        Path login = Files.writeString(sources.resolve("Account.java"), entity("Account", "login", "'guest'"));

        compile(classes, List.of(plan, login));
        assertEquals(List.of("com.example.Account_login_Migration", "com.example.Organization_plan_Migration"),
                registry(classes));

        // Only Account changed and is recompiled.
        Files.writeString(login, entity("Account", "login", "'anonymous'"));
        compile(classes, List.of(login));
        assertEquals(List.of("com.example.Account_login_Migration", "com.example.Organization_plan_Migration"),
                registry(classes));
        assertTrue(Files.exists(classes.resolve("com/example/Organization_plan_Migration.class")));

        // The annotation is removed from Account: after a clean build it is gone from the registry.
        Files.writeString(login, "package com.example;\npublic class Account {\n    String login;\n}\n");
        Path clean = Files.createDirectories(dir.resolve("clean"));
        compile(clean, List.of(plan, login));
        assertEquals(List.of("com.example.Organization_plan_Migration"), registry(clean));
    }

    @Test
    void gradleKnowsTheProcessorIsAggregating() throws IOException {
        URL url = RequiredSinceProcessor.class.getClassLoader()
                .getResource("META-INF/gradle/incremental.annotation.processors");
        assertTrue(url != null, "META-INF/gradle/incremental.annotation.processors is missing");
        try (InputStream in = url.openStream()) {
            // Aggregating: the registry gathers every entity's migration into one file.
            assertEquals(RequiredSinceProcessor.class.getName() + ",aggregating\n",
                    new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private static String entity(String name, String field, String backfill) {
        return "package com.example;\n"
                + "public class " + name + " {\n"
                + "    @io.requiredsince.RequiredSince(version = \"2\", backfill = \"" + backfill + "\")\n"
                + "    String " + field + ";\n"
                + "}\n";
    }

    private static void compile(Path classes, List<Path> files) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
            List<Path> classPath = new ArrayList<>();
            for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
                classPath.add(Path.of(entry));
            }
            classPath.add(classes);
            fm.setLocationFromPaths(StandardLocation.CLASS_PATH, classPath);
            fm.setLocationFromPaths(StandardLocation.CLASS_OUTPUT, List.of(classes));
            fm.setLocationFromPaths(StandardLocation.SOURCE_OUTPUT,
                    List.of(Files.createDirectories(classes.resolveSibling(classes.getFileName() + "-generated"))));
            JavaCompiler.CompilationTask task = javac.getTask(null, fm, diagnostics, null, null,
                    fm.getJavaFileObjectsFromPaths(files));
            task.setProcessors(List.of(new RequiredSinceProcessor()));
            boolean ok = task.call();
            assertTrue(ok && diagnostics.getDiagnostics().stream().noneMatch(d -> d.getKind() == Diagnostic.Kind.ERROR),
                    diagnostics.getDiagnostics().toString());
        }
    }

    private static List<String> registry(Path classes) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(classes.resolve(MigrationWriter.REGISTRY)));
        lines.removeIf(String::isBlank);
        List<String> sorted = new ArrayList<>(lines);
        Collections.sort(sorted);
        assertEquals(sorted, lines, "the registry is sorted");
        return lines;
    }
}
