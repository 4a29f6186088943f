package io.requiredsince.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import io.requiredsince.runtime.Backfill;
import io.requiredsince.runtime.ColumnSpec;
import io.requiredsince.runtime.Migration;
import io.requiredsince.runtime.MigrationVersion;
import io.requiredsince.runtime.SqlType;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated code as the user's build sees it: compiled with strict lint, then loaded and run. */
class GeneratedCodeTest {

    /**
     * {@code -Xlint:all -Werror} minus "processing": that category warns "No processor claimed any of
     * these annotations" about every annotation no processor claims. Here that is {@code @RequiredSince}
     * and {@code @Table} (the processor reads them but returns false), and in the next round the
     * generated code's own {@code @Generated}, which no processor should claim: any processor that
     * marks its output {@code @Generated} triggers it, which is why strict builds switch "processing"
     * off. The rest of that category is checked in {@link #processingLintOnlyReportsUnclaimedAnnotations}.
     */
    @Test
    void generatedCodeCompilesWithoutWarningsUnderXlintAllWerror() {
        Compilation compilation = Compilations.compile(List.of("-Xlint:all,-processing", "-Werror"),
                Compilations.resources(Compilations.GOOD));
        assertThat(compilation).succeededWithoutWarnings();
    }

    /** In particular no "Supported source version ... less than -source": the processor supports the latest. */
    @Test
    void processingLintOnlyReportsUnclaimedAnnotations() {
        Compilation compilation = Compilations.compile(List.of("-Xlint:processing"),
                Compilations.resources(Compilations.GOOD));
        assertThat(compilation).succeeded();
        for (Diagnostic<? extends JavaFileObject> warning : compilation.warnings()) {
            assertTrue(warning.getMessage(Locale.ROOT).startsWith("No processor claimed any of these annotations"),
                    warning.toString());
        }
    }

    @Test
    void generatedMigrationsLoadThroughServiceLoader(@TempDir Path classes) throws Exception {
        Compilation compilation = Compilations.compile(List.of(), Compilations.resources(Compilations.GOOD));
        assertThat(compilation).succeededWithoutWarnings();
        for (JavaFileObject file : compilation.generatedFiles()) {
            String prefix = "/" + StandardLocation.CLASS_OUTPUT.getName() + "/";
            String path = file.toUri().getPath();
            if (path.startsWith(prefix)) {
                Path target = classes.resolve(path.substring(prefix.length()));
                Files.createDirectories(target.getParent());
                try (InputStream in = file.openInputStream()) {
                    Files.write(target, in.readAllBytes());
                }
            }
        }

        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
                GeneratedCodeTest.class.getClassLoader())) {
            Migration plan = ServiceLoader.load(Migration.class, loader).stream()
                    .map(ServiceLoader.Provider::get)
                    .filter(m -> m.getClass().getName().equals("com.example.Organization_plan_Migration"))
                    .findFirst().orElseThrow();
            assertEquals(MigrationVersion.parse("2"), plan.version());
            assertEquals(ColumnSpec.builder().table("organizations").column("plan").type(SqlType.varchar(255))
                    .backfill(Backfill.constant("'free'")).keepDefault(false).build(), plan.column());
            assertEquals("organizations.plan", plan.script());

            Migration age = (Migration) loader.loadClass("com.example.Employee_age_Migration")
                    .getConstructor().newInstance();
            assertEquals(Backfill.expression("coalesce(length(name), 0)"), age.column().backfill());

            Migration status = (Migration) loader.loadClass("com.example.billing.Invoice_status_Migration")
                    .getConstructor().newInstance();
            assertTrue(status.version().isNone());
            assertEquals("billing.invoices.status", status.script());

            assertEquals(13, ServiceLoader.load(Migration.class, loader).stream().count());
        }
    }

    @Test
    void backfillThatLooksLikeJavaEscapesStillCompiles() {
        // A backslash in the backfill ends up in the generated Javadoc too: "\\u" there would be read
        // by javac as the start of a Unicode escape, and "*/" would end the comment.
        JavaFileObject entity = JavaFileObjects.forSourceLines("com.example.Path",
                "package com.example;",
                "public class Path {",
                "    @io.requiredsince.RequiredSince(version = \"1\", backfill = \"'C:\\\\users\\\\*/'\")",
                "    String home;",
                "}");
        Compilation compilation = Compilations.compile(List.of("-Xlint:all,-processing", "-Werror"), List.of(entity));
        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation).generatedSourceFile("com.example.Path_home_Migration").contentsAsUtf8String()
                .contains(".backfill(Backfill.constant(\"'C:\\\\users\\\\*/'\"))");
    }
}
