package io.requiredsince.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One negative test per message of {@link Message} about placement, versions, identity and types:
 * the error, its tag, the file and the line javac points at ({@link BackfillDiagnosticsTest} has
 * the backfill's). Inputs are under {@code src/test/resources/bad/}.
 */
class DiagnosticsTest {

    @Test
    void malformedVersionPointsAtTheVersion() {
        JavaFileObject source = Compilations.resource("bad/MalformedVersion.java");
        Compilation compilation = Compilations.compile(source);

        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining(tag(Message.MALFORMED_VERSION))
                .inFile(source).onLineContaining("version = \"v2\"");
        assertThat(compilation).hadErrorContaining("\"v2\"");
    }

    @Test
    void staticFieldIsRejected() {
        JavaFileObject source = Compilations.resource("bad/StaticField.java");
        Compilation compilation = Compilations.compile(source);

        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining(tag(Message.STATIC_FIELD))
                .inFile(source).onLineContaining("@RequiredSince");
        assertThat(compilation).hadErrorContaining("static field plan");
    }

    @Test
    void fieldOfAnInnerClassIsRejected() {
        JavaFileObject source = Compilations.resource("bad/InnerClassField.java");
        Compilation compilation = Compilations.compile(source);

        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining(tag(Message.NOT_IN_A_CLASS))
                .inFile(source).onLineContaining("@RequiredSince");
    }

    @Test
    void unsupportedTypeNamesTheType() {
        JavaFileObject source = Compilations.resource("bad/UnsupportedType.java");
        Compilation compilation = Compilations.compile(source);

        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining(tag(Message.UNSUPPORTED_TYPE))
                .inFile(source).onLineContaining("@RequiredSince");
        assertThat(compilation).hadErrorContaining("java.util.List<java.lang.String>");
    }

    @Test
    void sameColumnRequiredTwiceIsReportedOnTheSecondField() {
        JavaFileObject source = Compilations.resource("bad/DuplicateColumn.java");
        Compilation compilation = Compilations.compile(Compilations.JPA_TABLE, Compilations.JPA_COLUMN, source);

        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining(tag(Message.DUPLICATE_COLUMN))
                .inFile(source).onLineContaining("@RequiredSince(version = \"3\"");
        assertThat(compilation).hadErrorContaining("accounts.email is already required by"
                + " com.example.bad.DuplicateColumn.email");
    }

    @ParameterizedTest
    @ValueSource(strings = {"v2", "2..1", "2.", ".2", "2.a", "1-2"})
    void everyMalformedVersionIsRejected(String version) {
        JavaFileObject source = entity("Versions", "@RequiredSince(version = \"" + version + "\", backfill = \"'x'\")",
                "String plan;");
        Compilation compilation = Compilations.compile(source);

        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining(tag(Message.MALFORMED_VERSION) + " The version \"" + version + "\"")
                .inFile(source).onLineContaining("@RequiredSince");
    }

    @Test
    void sameColumnSameVersionDifferentDefinitionIsAConflict() {
        JavaFileObject source = Compilations.resource("bad/ConflictingDefinition.java");
        Compilation compilation = Compilations.compile(source);

        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining(tag(Message.CONFLICTING_DEFINITION)
                        + " Column accounts.plan is required from version 2 both here and by"
                        + " com.example.bad.ConflictingDefinition.plan, with different definitions"
                        + " (backfill 'archived' here, 'free' there).")
                .inFile(source).onLineContaining("backfill = \"'archived'\"");
    }

    @Test
    void sqlTypeMustBeTheTypeAlone() {
        JavaFileObject source = Compilations.resource("bad/BadSqlType.java");
        Compilation compilation = Compilations.compile(source);

        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining(tag(Message.BAD_SQL_TYPE) + " The SQL type \"jsonb not null\"")
                .inFile(source).onLineContaining("sqlType = \"jsonb not null\"");
    }

    @Test
    void columnDefinitionMustBeTheTypeAloneToo() {
        JavaFileObject source = entity("Definitions",
                "@jakarta.persistence.Column(columnDefinition = \"varchar(20) default 'x'\")",
                "@RequiredSince(version = \"2\", backfill = \"'x'\") String plan;");
        Compilation compilation = Compilations.compile(Compilations.JPA_COLUMN, source);

        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining(tag(Message.BAD_SQL_TYPE)).inFile(source)
                .onLineContaining("columnDefinition");
    }

    @Test
    void transientFieldIsRejected() {
        JavaFileObject source = Compilations.resource("bad/TransientField.java");
        Compilation compilation = Compilations.compile(source);

        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining(tag(Message.TRANSIENT_FIELD) + " @RequiredSince is on the transient"
                + " field plan").inFile(source).onLineContaining("@RequiredSince");
    }

    @Test
    void jpaTransientFieldIsRejected() {
        JavaFileObject source = Compilations.resource("bad/JpaTransientField.java");
        Compilation compilation = Compilations.compile(Compilations.JPA_TRANSIENT, source);

        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining(tag(Message.JPA_TRANSIENT_FIELD) + " @RequiredSince is on plan,"
                + " which @Transient marks as not persisted").inFile(source).onLineContaining("@RequiredSince");
    }

    @Test
    void finalFieldIsRejected() {
        JavaFileObject source = Compilations.resource("bad/FinalField.java");
        Compilation compilation = Compilations.compile(source);

        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining(tag(Message.FINAL_FIELD) + " @RequiredSince is on the final field plan")
                .inFile(source).onLineContaining("@RequiredSince");
    }

    @Test
    void tableThatNamesNoTableIsRejected() {
        JavaFileObject source = Compilations.resource("bad/NoTable.java");
        Compilation compilation = Compilations.compile(source);

        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining(tag(Message.NO_TABLE)
                + " com.example.bad.NoTable names no usable table: @Table(\"\")").inFile(source)
                .onLineContaining("@RequiredSince");
    }

    @ParameterizedTest
    @ValueSource(strings = {" ", "a.b.c", "billing.", ".invoices"})
    void everyUnusableTableNameIsRejected(String table) {
        JavaFileObject source = JavaFileObjects.forSourceLines("com.example.bad.Tables",
                "package com.example.bad;",
                "import io.requiredsince.RequiredSince;",
                "@io.requiredsince.Table(\"" + table + "\")",
                "public class Tables {",
                "    @RequiredSince(version = \"2\", backfill = \"'x'\")",
                "    String plan;",
                "}");
        Compilation compilation = Compilations.compile(source);

        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining(tag(Message.NO_TABLE)).inFile(source).onLineContaining("@RequiredSince");
    }

    @Test
    void fieldOfALocalClassIsRejected() {
        JavaFileObject source = Compilations.resource("bad/LocalClassField.java");
        Compilation compilation = Compilations.compile(source);

        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining(tag(Message.NOT_IN_A_CLASS)).inFile(source)
                .onLineContaining("@RequiredSince");
    }

    @Test
    void unsupportedTypeShowsTheWayOut() {
        Compilation compilation = Compilations.compile(Compilations.resource("bad/UnsupportedType.java"));
        assertThat(compilation).hadErrorContaining("give the column's SQL type: @RequiredSince(sqlType = \"jsonb\"");
    }

    @Test
    void unexpectedExceptionIsReportedOnTheFieldNeverThrown() {
        JavaFileObject source = Compilations.resource("good/Organization.java");
        RequiredSinceProcessor processor = new RequiredSinceProcessor();
        processor.beforeWrite = c -> {
            throw new IllegalStateException("boom in " + c.field());
        };
        Compilation compilation = Compiler.javac().withProcessors(processor).compile(source);

        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining(tag(Message.INTERNAL_ERROR)
                        + " requiredsince could not process field com.example.Organization.plan:"
                        + " java.lang.IllegalStateException: boom in plan.")
                .inFile(source).onLineContaining("String plan;");
    }

    /**
     * Another processor that registers a migration of its own in the same file, as
     * {@code @AutoService(Migration.class)} on a hand-written one does: javac's Filer then refuses
     * to open the registry a second time.
     */
    static final class RegisteringProcessor extends AbstractProcessor {
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
            if (!done) {
                done = true;
                try (Writer w = processingEnv.getFiler()
                        .createResource(StandardLocation.CLASS_OUTPUT, "", MigrationWriter.REGISTRY).openWriter()) {
                    w.write("com.example.HandWrittenMigration\n");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return false;
        }
    }

    @Test
    void registryThatCannotBeWrittenIsReportedNeverThrown() {
        Compilation compilation = Compiler.javac()
                .withProcessors(new RegisteringProcessor(), new RequiredSinceProcessor())
                .compile(Compilations.resource("good/Organization.java"));

        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining(tag(Message.REGISTRY_NOT_WRITTEN) + " could not write "
                + MigrationWriter.REGISTRY + ": javax.annotation.processing.FilerException:");
    }

    @Test
    void timingIsReportedOnlyWhenAskedFor() {
        List<JavaFileObject> sources = List.of(Compilations.resource("good/Organization.java"),
                Compilations.resource("good/Employee.java"));
        Compilation asked = Compilations.compile(List.of("-Arequiredsince.timing"), sources);
        assertThat(asked).succeeded();
        assertThat(asked).hadNoteContaining(tag(Message.TIMING) + " 2 field(s) in ");
        assertThat(asked).hadNoteContaining("2 source(s) rendered by JavaPoet in ");

        Compilation quiet = Compilations.compile(List.of(), sources);
        assertTrue(quiet.notes().stream().noneMatch(d -> d.getMessage(null).contains("[RequiredSinceTiming]")));
    }

    /** A new message needs a negative test above (or in BackfillDiagnosticsTest, RowBackfillDiagnosticsTest): this reads the three files. */
    @Test
    void everyMessageIsTaggedAndTested() throws IOException {
        String tests = Files.readString(Path.of("src/test/java", getClass().getName().replace('.', '/') + ".java"))
                + Files.readString(Path.of("src/test/java",
                        RowBackfillDiagnosticsTest.class.getName().replace('.', '/') + ".java"))
                + Files.readString(Path.of("src/test/java",
                        BackfillDiagnosticsTest.class.getName().replace('.', '/') + ".java"));
        Set<Message> untested = EnumSet.noneOf(Message.class);
        for (Message m : Message.values()) {
            if (!tests.contains("hadErrorContaining(tag(Message." + m.name() + ")")
                    && !tests.contains("hadWarningContaining(tag(Message." + m.name() + ")")
                    && !tests.contains("hadNoteContaining(tag(Message." + m.name() + ")")) {
                untested.add(m);
            }
        }
        assertEquals(EnumSet.noneOf(Message.class), untested, "messages without a negative test");
        for (Message m : Message.values()) {
            assertTrue(m.tag().matches("RequiredSince[A-Z][A-Za-z]+"), m.name());
            assertTrue(m.format(new Object[12]).startsWith(tag(m) + " "), m.name());
            assertEquals(m == Message.VOLATILE_KEEP_DEFAULT ? Diagnostic.Kind.WARNING
                    : m == Message.TIMING ? Diagnostic.Kind.NOTE : Diagnostic.Kind.ERROR, m.kind(), m.name());
        }
    }

    /** A one-field entity {@code com.example.bad.<name>}, the annotation on its own line. */
    static JavaFileObject entity(String name, String annotation, String field) {
        return JavaFileObjects.forSourceLines("com.example.bad." + name,
                "package com.example.bad;",
                "import io.requiredsince.RequiredSince;",
                "public class " + name + " {",
                "    public enum Tier { FREE, PRO }",
                "    String username;",
                "    " + annotation,
                "    " + field,
                "}");
    }

    static String tag(Message message) {
        return "[" + message.tag() + "]";
    }
}
