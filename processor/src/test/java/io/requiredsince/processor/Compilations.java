package io.requiredsince.processor;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import javax.tools.JavaFileObject;

/** The inputs and the compiler the processor tests share. */
final class Compilations {

    /** The good inputs: every one compiles, and each has its generated sources under {@code expected/}. */
    static final List<String> GOOD = List.of(
            "good/Organization.java",
            "good/User.java",
            "good/Employee.java",
            "good/billing/Invoice.java",
            "good/Shipment.java",
            "good/Tag.java");

    /**
     * Minimal stand-ins for JPA's annotations: JPA is not on the test classpath, and the processor
     * reads them by name only. Elements and defaults as in Jakarta Persistence 3.
     */
    static final JavaFileObject JPA_TABLE = JavaFileObjects.forSourceLines("jakarta.persistence.Table",
            "package jakarta.persistence;",
            "import java.lang.annotation.*;",
            "@Target(ElementType.TYPE) @Retention(RetentionPolicy.RUNTIME)",
            "public @interface Table {",
            "    String name() default \"\";",
            "    String catalog() default \"\";",
            "    String schema() default \"\";",
            "}");
    static final JavaFileObject JPA_COLUMN = JavaFileObjects.forSourceLines("jakarta.persistence.Column",
            "package jakarta.persistence;",
            "import java.lang.annotation.*;",
            "@Target({ElementType.METHOD, ElementType.FIELD}) @Retention(RetentionPolicy.RUNTIME)",
            "public @interface Column {",
            "    String name() default \"\";",
            "    boolean nullable() default true;",
            "    int length() default 255;",
            "    int precision() default 0;",
            "    int scale() default 0;",
            "    String columnDefinition() default \"\";",
            "}");
    static final JavaFileObject JPA_TRANSIENT = JavaFileObjects.forSourceLines("jakarta.persistence.Transient",
            "package jakarta.persistence;",
            "import java.lang.annotation.*;",
            "@Target({ElementType.METHOD, ElementType.FIELD}) @Retention(RetentionPolicy.RUNTIME)",
            "public @interface Transient {",
            "}");

    private Compilations() {
    }

    /** Compiles {@code files} with a new processor, which is the one the compiler runs. */
    static Compilation compile(JavaFileObject... files) {
        return compile(List.of(), List.of(files));
    }

    static Compilation compile(List<String> options, List<JavaFileObject> files) {
        RequiredSinceProcessor processor = new RequiredSinceProcessor();
        return Compiler.javac().withProcessors(processor).withOptions(options).compile(files);
    }

    static JavaFileObject resource(String path) {
        return JavaFileObjects.forResource(path);
    }

    static List<JavaFileObject> resources(List<String> paths) {
        return paths.stream().map(Compilations::resource).toList();
    }

    /** The text of a generated (or any) file object. */
    static String contents(JavaFileObject file) {
        try {
            return file.getCharContent(false).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
