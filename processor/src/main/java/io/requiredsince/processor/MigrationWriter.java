package io.requiredsince.processor;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import io.requiredsince.runtime.SqlType;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.SortedSet;
import javax.annotation.processing.Filer;
import javax.lang.model.element.Modifier;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/** Renders a {@link RequiredColumn} as a migration class, and the ServiceLoader registry. */
final class MigrationWriter {

    static final String REGISTRY = "META-INF/services/io.requiredsince.runtime.Migration";
    private static final String RUNTIME = "io.requiredsince.runtime";
    private static final ClassName MIGRATION = ClassName.get(RUNTIME, "Migration");
    private static final ClassName VERSION = ClassName.get(RUNTIME, "MigrationVersion");
    private static final ClassName COLUMN_SPEC = ClassName.get(RUNTIME, "ColumnSpec");
    private static final ClassName SQL_TYPE = ClassName.get(RUNTIME, "SqlType");
    private static final ClassName BACKFILL = ClassName.get(RUNTIME, "Backfill");
    private static final ClassName GENERATED = ClassName.get("javax.annotation.processing", "Generated");

    private MigrationWriter() {
    }

    static JavaFile migrationFile(RequiredColumn c) {
        CodeBlock.Builder spec = CodeBlock.builder().add("$T.builder()", COLUMN_SPEC).indent().indent();
        if (!c.schema().isEmpty()) {
            spec.add("\n.schema($S)", c.schema());
        }
        spec.add("\n.table($S)", c.table())
                .add("\n.column($S)", c.column())
                .add(c.type().kind() == SqlType.Kind.EXPLICIT ? CodeBlock.of("\n.type($T.explicit($S))", SQL_TYPE, c.type().sql())
                        : CodeBlock.of("\n.type($T.$L)", SQL_TYPE, SqlTypeModel.factoryCall(c.type())))
                .add(c.backfill().isJava() ? CodeBlock.of("\n.backfill($T.perRow($T.class))", BACKFILL,
                        ClassName.bestGuess(c.backfill().sql()))
                        : CodeBlock.of("\n.backfill($T.$L($S))", BACKFILL, c.backfill().isConstant() ? "constant"
                                : "expression", c.backfill().sql()))
                .add("\n.keepDefault($L)", c.keepDefault())
                .add("\n.build()")
                .unindent().unindent();

        TypeSpec type = TypeSpec.classBuilder(c.migrationClass())
                .addJavadoc(javadoc(c))
                .addAnnotation(AnnotationSpec.builder(GENERATED)
                        .addMember("value", "$S", RequiredSinceProcessor.class.getName()).build())
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addSuperinterface(MIGRATION)
                .addOriginatingElement(c.origin())
                .addField(FieldSpec.builder(VERSION, "VERSION", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                        .initializer(c.version().isEmpty() ? CodeBlock.of("$T.NONE", VERSION)
                                : CodeBlock.of("$T.parse($S)", VERSION, c.version()))
                        .build())
                .addField(FieldSpec.builder(COLUMN_SPEC, "COLUMN", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                        .initializer(spec.build())
                        .build())
                .addMethod(MethodSpec.methodBuilder("version").addAnnotation(Override.class)
                        .addModifiers(Modifier.PUBLIC).returns(VERSION).addStatement("return VERSION").build())
                .addMethod(MethodSpec.methodBuilder("column").addAnnotation(Override.class)
                        .addModifiers(Modifier.PUBLIC).returns(COLUMN_SPEC).addStatement("return COLUMN").build())
                .build();
        return JavaFile.builder(c.migrationClass().packageName(), type)
                .skipJavaLangImports(true)
                .indent("    ")
                .build();
    }

    private static CodeBlock javadoc(RequiredColumn c) {
        String since = c.version().isEmpty() ? "" : " from version " + c.version();
        return CodeBlock.builder()
                .add("Makes column {@code $L} required$L.\n", commentSafe(c.qualifiedColumn()), since)
                .add("\n<p>Generated from {@code $L.$L} by requiredsince. Rows that exist when it runs get\n",
                        c.entity().canonicalName(), c.field())
                .add(c.backfill().isJava() ? "the value {@code $L} computes for each; the column then is NOT NULL, $L.\n"
                        : "{@code $L}; the column then is NOT NULL, $L.\n", commentSafe(c.backfill().sql()),
                        c.keepDefault() ? "with that value as its default" : "with no default")
                .add("\n<p>Steps, each skipped when the live schema shows it done: add the column (on PostgreSQL 11+\n")
                .add("with a constant, as NOT NULL DEFAULT in the catalog only); fill the rows where it is NULL;\n")
                .add("set NOT NULL; $L.\n", c.keepDefault() ? "keep the default" : "drop the default")
                .build();
    }

    /**
     * User text inside the generated Javadoc: a star and a slash would end the comment, and javac reads a
     * backslash followed by the letter u as a Unicode escape even in comments (a backfill such as a Windows
     * path), which fails to compile.
     */
    private static String commentSafe(String text) {
        return text.replace("\\", "&#92;").replace("*/", "*&#47;");
    }

    /** Writes the registry: what an earlier (incremental) build listed, plus {@code names}, sorted. */
    static void writeRegistry(Filer filer, SortedSet<String> names) throws IOException {
        try {
            FileObject existing = filer.getResource(StandardLocation.CLASS_OUTPUT, "", REGISTRY);
            try (BufferedReader r = new BufferedReader(new InputStreamReader(existing.openInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    String name = line.replaceAll("#.*", "").strip();
                    if (!name.isEmpty()) {
                        names.add(name);
                    }
                }
            }
        } catch (IOException | IllegalArgumentException noEarlierRegistry) {
            // first build, or a clean one
        }
        FileObject out = filer.createResource(StandardLocation.CLASS_OUTPUT, "", REGISTRY);
        try (Writer w = new java.io.OutputStreamWriter(out.openOutputStream(), StandardCharsets.UTF_8)) {
            for (String name : names) {
                w.write(name);
                w.write('\n');
            }
        }
    }
}
