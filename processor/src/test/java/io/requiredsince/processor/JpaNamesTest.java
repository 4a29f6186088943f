package io.requiredsince.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.common.truth.StringSubject;
import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Where table, schema and column names come from: our {@code @Table}, else JPA's {@code @Table} and
 * {@code @Column} (read by name; JPA is not on the classpath, {@link Compilations#JPA_TABLE} and
 * {@link Compilations#JPA_COLUMN} stand in), else the Java names in snake_case.
 */
class JpaNamesTest {

    @Test
    void jpaTableAndColumnNameTheSchemaTableColumnAndLength() {
        Compilation compilation = Compilations.compile(Compilations.JPA_TABLE, Compilations.JPA_COLUMN,
                Compilations.resource("jpa/AppUser.java"));
        assertThat(compilation).succeededWithoutWarnings();

        StringSubject givenName = generated(compilation, "com.example.jpa.AppUser_givenName_Migration");
        givenName.contains(".schema(\"auth\")");
        givenName.contains(".table(\"app_users\")");
        givenName.contains(".column(\"given_name\")");
        givenName.contains(".type(SqlType.varchar(80))");

        StringSubject creditLimit = generated(compilation, "com.example.jpa.AppUser_creditLimit_Migration");
        creditLimit.contains(".schema(\"auth\")");
        creditLimit.contains(".table(\"app_users\")");
        creditLimit.contains(".column(\"credit_limit\")");
        creditLimit.contains(".type(SqlType.decimal(10, 4))");
    }

    @Test
    void withoutAnyTableTheNamesAreSnakeCase() {
        Compilation compilation = Compilations.compile(Compilations.resource("jpa/InvoiceLine.java"));
        assertThat(compilation).succeededWithoutWarnings();

        StringSubject unitPrice = generated(compilation, "com.example.jpa.InvoiceLine_unitPrice_Migration");
        unitPrice.contains(".table(\"invoice_line\")");
        unitPrice.contains(".column(\"unit_price\")");
        unitPrice.doesNotContain(".schema(");
    }

    @Test
    void javaxPersistenceTableIsReadToo() {
        JavaFileObject javaxTable = JavaFileObjects.forSourceLines("javax.persistence.Table",
                "package javax.persistence;",
                "public @interface Table { String name() default \"\"; String schema() default \"\"; }");
        JavaFileObject entity = JavaFileObjects.forSourceLines("com.example.jpa.LegacyUser",
                "package com.example.jpa;",
                "@javax.persistence.Table(name = \"legacy_users\")",
                "public class LegacyUser {",
                "    @io.requiredsince.RequiredSince(version = \"1\", backfill = \"'x'\") String nickname;",
                "}");
        Compilation compilation = Compilations.compile(javaxTable, entity);
        assertThat(compilation).succeededWithoutWarnings();

        generated(compilation, "com.example.jpa.LegacyUser_nickname_Migration").contains(".table(\"legacy_users\")");
    }

    @Test
    void ourTableWinsOverJpas() {
        JavaFileObject entity = JavaFileObjects.forSourceLines("com.example.jpa.Account",
                "package com.example.jpa;",
                "@io.requiredsince.Table(\"accounts\")",
                "@jakarta.persistence.Table(name = \"jpa_accounts\", schema = \"jpa\")",
                "public class Account {",
                "    @io.requiredsince.RequiredSince(version = \"1\", backfill = \"'x'\") String owner;",
                "}");
        Compilation compilation = Compilations.compile(Compilations.JPA_TABLE, entity);
        assertThat(compilation).succeededWithoutWarnings();

        StringSubject owner = generated(compilation, "com.example.jpa.Account_owner_Migration");
        owner.contains(".table(\"accounts\")");
        owner.doesNotContain(".schema(");
    }

    @ParameterizedTest
    @CsvSource({
        "InvoiceLine, invoice_line",
        "unitPrice, unit_price",
        "isActive, is_active",
        "HTTPServer, http_server",
        "userID, user_id",
        "address2Line, address2_line",
        "plan, plan",
    })
    void snakeCase(String javaName, String sqlName) {
        assertEquals(sqlName, ColumnDeclaration.snakeCase(javaName));
    }

    private static StringSubject generated(Compilation compilation, String className) {
        return assertThat(compilation).generatedSourceFile(className).contentsAsUtf8String();
    }
}
