package io.requiredsince.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The other side of {@link DiagnosticsTest}: what the checks must let through, without a warning. */
class AcceptedInputsTest {

    @ParameterizedTest(name = "{1} on {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "String|'O''Brien'",
        "String|'ümlaut'",
        "char|'x'",
        "Character|'x'",
        "boolean|TRUE",
        "byte|-128",
        "short|32767",
        "long|9223372036854775807",
        "Integer|+42",
        "double|1e3",
        "float|-2.5",
        "java.math.BigDecimal|12345678901234567.99",
        "java.math.BigDecimal|.5",
        "java.util.UUID|'123E4567-e89b-12d3-a456-426614174000'",
        "java.time.LocalDate|'2024-02-29'",
        "java.time.LocalDate|DATE '2024-01-31'",
        "java.time.LocalTime|'10:15'",
        "java.time.LocalTime|TIME '23:59:59.999'",
        "java.time.LocalDateTime|'2024-01-01 10:00:00'",
        "java.time.LocalDateTime|'2024-01-01T10:00'",
        "java.time.LocalDateTime|DATE '2024-01-01'",
        "java.time.Instant|'2024-01-01 10:00:00+00'",
        "java.time.OffsetDateTime|'2024-01-01T10:00:00.123456Z'",
        "java.time.OffsetDateTime|TIMESTAMP '2024-01-01 10:00:00+02:00'",
        // Expressions are checked for syntax only: the database types them.
        "int|coalesce(length(username), 0)",
        "java.time.Instant|current_timestamp",
    })
    void literalThatFitsCompilesCleanly(String javaType, String backfill) {
        assertThat(Compilations.compile(entity(javaType, "backfill = \"" + backfill + "\""))).succeededWithoutWarnings();
    }

    @Test
    void enumConstantNamedLikeAPlaceholderIsFine() {
        JavaFileObject source = JavaFileObjects.forSourceLines("com.example.Task",
                "package com.example;",
                "public class Task {",
                "    public enum State { TODO, DONE }",
                "    @io.requiredsince.RequiredSince(version = \"2\", backfill = \"'TODO'\")",
                "    State state;",
                "}");
        assertThat(Compilations.compile(source)).succeededWithoutWarnings();
    }

    @Test
    void constantKeptAsDefaultIsFine() {
        assertThat(Compilations.compile(entity("java.time.Instant",
                "backfill = \"current_timestamp\", keepDefault = true"))).succeededWithoutWarnings();
        assertThat(Compilations.compile(entity("String",
                "backfill = \"upper('free')\", keepDefault = true"))).succeededWithoutWarnings();
    }

    @Test
    void jpaNotNullColumnBesideRequiredSinceIsFine() {
        JavaFileObject source = JavaFileObjects.forSourceLines("com.example.Plan",
                "package com.example;",
                "public class Plan {",
                "    @jakarta.persistence.Column(nullable = false, length = 20)",
                "    @io.requiredsince.RequiredSince(version = \"2\", backfill = \"'free'\")",
                "    String plan;",
                "}");
        Compilation compilation = Compilations.compile(Compilations.JPA_COLUMN, source);
        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation).generatedSourceFile("com.example.Plan_plan_Migration").contentsAsUtf8String()
                .contains(".type(SqlType.varchar(20))");
    }

    @Test
    void columnDefinitionIsTheTypeAndSqlTypeWinsOverIt() {
        JavaFileObject source = JavaFileObjects.forSourceLines("com.example.Doc",
                "package com.example;",
                "public class Doc {",
                "    @jakarta.persistence.Column(columnDefinition = \"text\")",
                "    @io.requiredsince.RequiredSince(version = \"2\", backfill = \"''\")",
                "    String body;",
                "    @jakarta.persistence.Column(columnDefinition = \"text\")",
                "    @io.requiredsince.RequiredSince(version = \"2\", backfill = \"''\", sqlType = \"varchar(4000)\")",
                "    String summary;",
                "}");
        Compilation compilation = Compilations.compile(Compilations.JPA_COLUMN, source);
        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation).generatedSourceFile("com.example.Doc_body_Migration").contentsAsUtf8String()
                .contains(".type(SqlType.explicit(\"text\"))");
        assertThat(compilation).generatedSourceFile("com.example.Doc_summary_Migration").contentsAsUtf8String()
                .contains(".type(SqlType.explicit(\"varchar(4000)\"))");
    }

    @Test
    void explicitTypeLiftsTheLengthCheckButNotTheKindCheck() {
        // The column is text: a long string fits. It still is a String field: a number does not.
        String longString = "'" + "x".repeat(300) + "'";
        assertThat(Compilations.compile(entity("String", "backfill = \"" + longString + "\", sqlType = \"text\"")))
                .succeededWithoutWarnings();
        assertThat(Compilations.compile(entity("String", "backfill = \"0\", sqlType = \"text\"")))
                .hadErrorContaining("[RequiredSinceBackfillType]");
    }

    @Test
    void staticNestedClassIsAnEntity() {
        JavaFileObject source = JavaFileObjects.forSourceLines("com.example.Outer",
                "package com.example;",
                "public class Outer {",
                "    @io.requiredsince.Table(\"lines\")",
                "    public static class Line {",
                "        @io.requiredsince.RequiredSince(version = \"2\", backfill = \"0\")",
                "        int quantity;",
                "    }",
                "}");
        Compilation compilation = Compilations.compile(source);
        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation).generatedSourceFile("com.example.Outer_Line_quantity_Migration");
    }

    /** What javac can hold in an annotation value: a string constant of at most 65,535 bytes. */
    @ParameterizedTest
    @ValueSource(ints = {3_000, 60_000})
    void longBackfillsCompile(int length) {
        String literal = "'" + "it''s ".repeat(length / 6) + "'";
        Compilation withLiteral = Compilations.compile(entity("String",
                "backfill = \"" + literal + "\", sqlType = \"text\""));
        assertThat(withLiteral).succeededWithoutWarnings();
        assertThat(withLiteral).generatedSourceFile("com.example.Accepted_value_Migration").contentsAsUtf8String()
                .contains("Backfill.constant(\"" + literal + "\")");

        // The first is read by the processor's own scan, the second by jOOQ's parser.
        StringBuilder concatenation = new StringBuilder("lower(username)");
        while (concatenation.length() < length) {
            concatenation.append(" || '-'");
        }
        StringBuilder listed = new StringBuilder("case when username in ('a'");
        for (int i = 0; listed.length() < length; i++) {
            listed.append(", 'u").append(i).append("'");
        }
        listed.append(") then 'listed' else 'absent' end");
        for (String expression : List.of(concatenation.toString(), listed.toString())) {
            assertThat(Compilations.compile(entity("String", "backfill = \"" + expression + "\", sqlType = \"text\"")))
                    .succeededWithoutWarnings();
        }
    }

    @Test
    void aBackfillLongerThanJavacCanHoldIsJavacsErrorNotACrash() {
        String chunk = "x".repeat(30_000);
        // Four constants folded into one: javac rejects the annotation value itself; the processor stays quiet.
        Compilation compilation = Compilations.compile(entity("String", "backfill = \"'\" + \"" + chunk + "\" + \""
                + chunk + "\" + \"" + chunk + "\" + \"" + chunk + "'\", sqlType = \"text\""));
        assertThat(compilation).failed();
        assertThat(compilation).hadErrorContaining("too long");
        assertTrue(compilation.errors().stream().noneMatch(d -> d.getMessage(null).contains("RequiredSince")),
                () -> compilation.errors().toString());
    }

    private static JavaFileObject entity(String javaType, String elements) {
        return JavaFileObjects.forSourceLines("com.example.Accepted",
                "package com.example;",
                "public class Accepted {",
                "    String username;",
                "    @io.requiredsince.RequiredSince(version = \"2\", " + elements + ")",
                "    " + javaType + " value;",
                "}");
    }
}
