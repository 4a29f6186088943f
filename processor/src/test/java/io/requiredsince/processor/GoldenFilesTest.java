package io.requiredsince.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The generated sources of the good inputs, compared with the golden files under
 * {@code src/test/resources/expected/} (one file per migration class, named by its simple name).
 *
 * <p>To change the output on purpose, regenerate the goldens instead of editing them by hand, then
 * read the diff: {@code mvn test -Drequiredsince.regenerateGoldens=true}. In that mode the golden
 * comparison writes the files and fails, saying so, so that a regenerating build is never green.
 */
class GoldenFilesTest {

    private static final boolean REGENERATE = Boolean.getBoolean("requiredsince.regenerateGoldens");
    private static final Path GOLDEN_DIR =
            Path.of(System.getProperty("requiredsince.goldenDir", "src/test/resources/expected"));

    /** Every migration class the good inputs must produce, one per {@code @RequiredSince} field. */
    private static final List<String> MIGRATIONS = List.of(
            "com.example.Organization_plan_Migration",
            "com.example.User_firstName_Migration",
            "com.example.User_lastName_Migration",
            "com.example.User_isActive_Migration",
            "com.example.Employee_age_Migration",
            "com.example.billing.Invoice_enableDownloads_Migration",
            "com.example.billing.Invoice_amount_Migration",
            "com.example.billing.Invoice_reference_Migration",
            "com.example.billing.Invoice_issuedOn_Migration",
            "com.example.billing.Invoice_status_Migration",
            "com.example.Shipment_attributes_Migration",
            "com.example.Shipment_shippedAt_Migration",
            "com.example.Tag_category_Migration");

    private static Compilation compilation;

    @BeforeAll
    static void compileGoodInputs() {
        compilation = Compilations.compile(List.of(), Compilations.resources(Compilations.GOOD));
        assertThat(compilation).succeededWithoutWarnings();
    }

    @Test
    void generatedSourcesMatchGoldens() throws IOException {
        if (REGENERATE) {
            Files.createDirectories(GOLDEN_DIR);
            for (JavaFileObject file : compilation.generatedSourceFiles()) {
                Path golden = GOLDEN_DIR.resolve(simpleName(qualifiedName(file)) + ".java");
                Files.writeString(golden, Compilations.contents(file), StandardCharsets.UTF_8);
            }
            fail("Regenerated " + compilation.generatedSourceFiles().size() + " golden files in " + GOLDEN_DIR
                    + " instead of comparing. Review them (git diff), then run again without"
                    + " -Drequiredsince.regenerateGoldens=true.");
        }
        assertAll(MIGRATIONS.stream().map(name -> (Executable) () ->
                assertThat(compilation).generatedSourceFile(name)
                        .hasSourceEquivalentTo(JavaFileObjects.forResource(golden(name)))));
    }

    /** Source equivalence ignores layout; this one file guards the formatting, byte for byte. */
    @Test
    void organizationMigrationIsByteExact() throws IOException {
        if (REGENERATE) {
            // The resources on the class path are the goldens as they were before the regeneration.
            fail("Not compared while regenerating the goldens: run again without -Drequiredsince.regenerateGoldens=true.");
        }
        String name = "com.example.Organization_plan_Migration";
        JavaFileObject generated = compilation.generatedSourceFile(name).orElseThrow();
        assertEquals(readResource(golden(name)), Compilations.contents(generated));
    }

    @Test
    void generatesOneSourcePerRequiredField() {
        Set<String> generated = compilation.generatedSourceFiles().stream()
                .map(GoldenFilesTest::qualifiedName)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(MIGRATIONS), generated);
    }

    @Test
    void registryListsEveryMigrationSortedOnePerLine() {
        String expected = """
                com.example.Employee_age_Migration
                com.example.Organization_plan_Migration
                com.example.Shipment_attributes_Migration
                com.example.Shipment_shippedAt_Migration
                com.example.Tag_category_Migration
                com.example.User_firstName_Migration
                com.example.User_isActive_Migration
                com.example.User_lastName_Migration
                com.example.billing.Invoice_amount_Migration
                com.example.billing.Invoice_enableDownloads_Migration
                com.example.billing.Invoice_issuedOn_Migration
                com.example.billing.Invoice_reference_Migration
                com.example.billing.Invoice_status_Migration
                """;
        // The literal above is the specification; check that it is what "sorted" means.
        assertEquals(new TreeSet<>(MIGRATIONS).stream().map(n -> n + "\n").collect(Collectors.joining()), expected);
        assertThat(compilation)
                .generatedFile(StandardLocation.CLASS_OUTPUT, MigrationWriter.REGISTRY)
                .contentsAsUtf8String()
                .isEqualTo(expected);
    }

    @Test
    void everyMigrationIsMarkedGenerated() {
        for (String name : MIGRATIONS) {
            String source = Compilations.contents(compilation.generatedSourceFile(name).orElseThrow());
            assertTrue(source.contains("import javax.annotation.processing.Generated;")
                            && source.contains("@Generated(\"io.requiredsince.processor.RequiredSinceProcessor\")"),
                    name + " carries no @Generated:\n" + source);
        }
    }

    private static String golden(String qualifiedName) {
        return "expected/" + simpleName(qualifiedName) + ".java";
    }

    private static String simpleName(String qualifiedName) {
        return qualifiedName.substring(qualifiedName.lastIndexOf('.') + 1);
    }

    /** {@code /SOURCE_OUTPUT/com/example/Foo.java} → {@code com.example.Foo}. */
    private static String qualifiedName(JavaFileObject file) {
        String path = file.toUri().getPath();
        String prefix = "/" + StandardLocation.SOURCE_OUTPUT.getName() + "/";
        assertTrue(path.startsWith(prefix) && path.endsWith(".java"), path);
        return path.substring(prefix.length(), path.length() - ".java".length()).replace('/', '.');
    }

    private static String readResource(String path) throws IOException {
        try (InputStream in = GoldenFilesTest.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IOException("No golden file " + path + " on the test classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
