package io.requiredsince.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One negative test per message of {@link Message} about the backfill: the error (or warning), its
 * tag, the file and the line javac points at. Inputs are under {@code src/test/resources/bad/}.
 */
class BackfillDiagnosticsTest {

    @Test
    void missingBackfillSaysWhatToWrite() {
        JavaFileObject source = Compilations.resource("bad/MissingBackfill.java");
        Compilation compilation = Compilations.compile(source);

        assertThat(compilation).failed();
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining(tag(Message.MISSING_BACKFILL))
                .inFile(source).onLineContaining("@RequiredSince");
        // The suggestion is an annotation the user can paste: it keeps the version, and the literal fits a String.
        assertThat(compilation).hadErrorContaining("organizations.plan");
        assertThat(compilation).hadErrorContaining("@RequiredSince(version = \"2\", backfill = \"'unknown'\")");
        assertThat(compilation).hadErrorContaining("backfill = \"");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "int|0", "Boolean|false", "java.math.BigDecimal|0.0", "java.time.LocalDate|'1970-01-01'",
        "java.time.Instant|'1970-01-01 00:00:00'", "java.util.UUID|'00000000-0000-0000-0000-000000000000'",
        "Tier|'FREE'", "java.util.List<String>|'…'"})
    void missingBackfillSuggestsALiteralOfTheFieldsType(String javaType, String example) {
        String sqlType = javaType.startsWith("java.util.List") ? ", sqlType = \"jsonb\"" : "";
        JavaFileObject source = entity("Examples", "@RequiredSince(version = \"2\"" + sqlType + ")", javaType + " value;");
        Compilation compilation = Compilations.compile(source);

        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining(tag(Message.MISSING_BACKFILL)).inFile(source)
                .onLineContaining("@RequiredSince");
        assertThat(compilation).hadErrorContaining("backfill = \"" + example + "\")");
    }

    @Test
    void invalidBackfillSqlPointsAtTheBackfillAndGivesThePosition() {
        JavaFileObject source = Compilations.resource("bad/InvalidBackfillSql.java");
        Compilation compilation = Compilations.compile(source);

        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining(tag(Message.INVALID_BACKFILL_SQL))
                .inFile(source).onLineContaining("backfill = \"lower(\"");
        // "lower(" is six characters; the parser gives up just past the end.
        assertThat(compilation).hadErrorContaining("at character 7 of the backfill");
    }

    @Test
    void unterminatedStringGivesTheParsersMessageAndPosition() {
        JavaFileObject source = entity("Unterminated", "@RequiredSince(version = \"2\", backfill = \"'free\")", "String plan;");
        Compilation compilation = Compilations.compile(source);

        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining(tag(Message.INVALID_BACKFILL_SQL) + " The backfill \"'free\"")
                .inFile(source).onLineContaining("@RequiredSince");
        assertThat(compilation).hadErrorContaining("String literal not terminated (at character 2 of the backfill)");
    }

    @Test
    void nullBackfillIsRejected() {
        JavaFileObject source = Compilations.resource("bad/NullBackfill.java");
        Compilation compilation = Compilations.compile(source);

        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining(tag(Message.NULL_BACKFILL))
                .inFile(source).onLineContaining("backfill = \"NULL\"");
        assertThat(compilation).hadErrorContaining("such as 'unknown'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"null", " NULL ", "(null)", "cast(null as varchar(10))", "NULL::text"})
    void nullBackfillIsRejectedInAnySpelling(String backfill) {
        JavaFileObject source = entity("Nulls", "@RequiredSince(version = \"2\", backfill = \"" + backfill + "\")",
                "String plan;");
        Compilation compilation = Compilations.compile(source);

        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining(tag(Message.NULL_BACKFILL)).inFile(source)
                .onLineContaining("@RequiredSince");
    }

    @Test
    void placeholderIsRejected() {
        JavaFileObject source = Compilations.resource("bad/PlaceholderBackfill.java");
        Compilation compilation = Compilations.compile(source);

        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining(tag(Message.PLACEHOLDER_BACKFILL))
                .inFile(source).onLineContaining("backfill = \"'[[UPDATEME]]'\"");
        assertThat(compilation).hadErrorContaining("placeholder [[UPDATEME]]");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "'TODO'|TODO", "'FIXME later'|FIXME", "upper('CHANGEME')|CHANGEME", "'[[plan]]'|[[plan]]"})
    void everyPlaceholderIsRejected(String backfill, String placeholder) {
        JavaFileObject source = entity("Placeholders", "@RequiredSince(version = \"2\", backfill = \"" + backfill + "\")",
                "String plan;");
        Compilation compilation = Compilations.compile(source);

        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining(tag(Message.PLACEHOLDER_BACKFILL) + " The backfill \"" + backfill
                + "\" still holds the placeholder " + placeholder).inFile(source).onLineContaining("@RequiredSince");
    }

    @Test
    void literalOfTheWrongKindSaysWhatFits() {
        JavaFileObject source = Compilations.resource("bad/BackfillWrongKind.java");
        Compilation compilation = Compilations.compile(source);

        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining(tag(Message.BACKFILL_WRONG_KIND)
                        + " The backfill 'free' is a string, but column backfill_wrong_kind.seats is integer (Java int):"
                        + " write an integer, such as 0.")
                .inFile(source).onLineContaining("backfill = \"'free'\"");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "Boolean|42|an integer|true or false",
        "boolean|'true'|a string|true or false",
        "java.time.LocalDate|42|an integer|a date in single quotes",
        "java.time.LocalDate|TIMESTAMP '2020-01-01 10:00'|a TIMESTAMP literal|a date in single quotes",
        "long|2.5|a decimal number|an integer",
        "java.math.BigDecimal|'12.5'|a string|a number",
        "String|0|an integer|a string in single quotes",
        "java.util.UUID|0|an integer|a UUID in single quotes"})
    void everyWrongKindIsRejected(String javaType, String backfill, String what, String expected) {
        JavaFileObject source = entity("Kinds", "@RequiredSince(version = \"2\", backfill = \"" + backfill + "\")",
                javaType + " value;");
        Compilation compilation = Compilations.compile(source);

        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining(tag(Message.BACKFILL_WRONG_KIND) + " The backfill " + backfill
                + " is " + what).inFile(source).onLineContaining("@RequiredSince");
        assertThat(compilation).hadErrorContaining("write " + expected + ", such as");
    }

    @Test
    void stringLongerThanTheColumnIsRejected() {
        JavaFileObject source = Compilations.resource("bad/BackfillTooLong.java");
        Compilation compilation = Compilations.compile(Compilations.JPA_COLUMN, source);

        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining(tag(Message.BACKFILL_TOO_LONG)
                        + " The backfill 'premium' is 7 characters long, but column backfill_too_long.plan is varchar(4).")
                .inFile(source).onLineContaining("backfill = \"'premium'\"");
        assertThat(compilation).hadErrorContaining("@Column(length = 7)");
    }

    @Test
    void numberOutOfTheJavaTypesRangeIsRejected() {
        JavaFileObject source = Compilations.resource("bad/BackfillOutOfRange.java");
        Compilation compilation = Compilations.compile(source);

        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining(tag(Message.BACKFILL_OUT_OF_RANGE)
                        + " The backfill 70000 does not fit column backfill_out_of_range.seats (smallint, Java short),"
                        + " which holds values from -32768 to 32767.")
                .inFile(source).onLineContaining("backfill = \"70000\"");
    }

    @Test
    void decimalWithTooManyIntegerDigitsIsRejected() {
        JavaFileObject source = entity("Money", "@RequiredSince(version = \"2\", backfill = \"123456789012345678.5\")",
                "java.math.BigDecimal amount;");
        Compilation compilation = Compilations.compile(source);

        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining(tag(Message.BACKFILL_OUT_OF_RANGE))
                .inFile(source).onLineContaining("@RequiredSince");
        assertThat(compilation).hadErrorContaining("decimal(19, 2), Java java.math.BigDecimal), which holds at most"
                + " 17 digits before the decimal point.");
    }

    @Test
    void nonDateStringOnADateIsRejected() {
        JavaFileObject source = Compilations.resource("bad/BackfillMalformedDate.java");
        Compilation compilation = Compilations.compile(source);

        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining(tag(Message.BACKFILL_MALFORMED_VALUE)
                        + " The backfill 'yesterday' is not a valid date for column backfill_malformed_date.renews_on"
                        + " (Java java.time.LocalDate): write it as '1970-01-01'.")
                .inFile(source).onLineContaining("backfill = \"'yesterday'\"");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "java.time.LocalDate|'2023-02-29'|date",
        "java.time.LocalTime|'25:00'|time",
        "java.time.Instant|'2024-01-01 10:61:00+00'|timestamp",
        "java.util.UUID|'not-a-uuid'|UUID"})
    void everyMalformedValueIsRejected(String javaType, String backfill, String what) {
        JavaFileObject source = entity("Values", "@RequiredSince(version = \"2\", backfill = \"" + backfill + "\")",
                javaType + " value;");
        Compilation compilation = Compilations.compile(source);

        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining(tag(Message.BACKFILL_MALFORMED_VALUE) + " The backfill " + backfill
                + " is not a valid " + what).inFile(source).onLineContaining("@RequiredSince");
    }

    @Test
    void enumBackfillMustNameAConstant() {
        JavaFileObject source = Compilations.resource("bad/BackfillNotAConstant.java");
        Compilation compilation = Compilations.compile(source);

        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining(tag(Message.BACKFILL_NOT_A_CONSTANT)
                        + " The backfill 'ENTERPRISE' is not a constant of com.example.bad.BackfillNotAConstant.Tier,"
                        + " whose values column backfill_not_a_constant.tier stores by name: write one of FREE, PRO.")
                .inFile(source).onLineContaining("backfill = \"'ENTERPRISE'\"");
    }

    @Test
    void volatileFunctionKeptAsDefaultIsAWarning() {
        JavaFileObject source = Compilations.resource("bad/VolatileKeepDefault.java");
        Compilation compilation = Compilations.compile(source);

        assertThat(compilation).succeeded();
        assertThat(compilation).hadWarningCount(1);
        assertThat(compilation).hadWarningContaining(tag(Message.VOLATILE_KEEP_DEFAULT)
                        + " The backfill gen_random_uuid() calls gen_random_uuid(), which gives a new value on every call")
                .inFile(source).onLineContaining("backfill = \"gen_random_uuid()\"");
        // A warning only: the migration is still generated.
        assertThat(compilation).generatedSourceFile("com.example.bad.VolatileKeepDefault_publicId_Migration");
    }

    @Test
    void volatileFunctionWithoutKeepDefaultIsFine() {
        JavaFileObject source = entity("FreshIds", "@RequiredSince(version = \"2\", backfill = \"gen_random_uuid()\")",
                "java.util.UUID publicId;");
        assertThat(Compilations.compile(source)).succeededWithoutWarnings();
    }

    @Test
    void keptDefaultThatReferencesColumnsIsRejected() {
        JavaFileObject source = Compilations.resource("bad/DefaultReferencesColumns.java");
        Compilation compilation = Compilations.compile(source);

        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining(tag(Message.DEFAULT_REFERENCES_COLUMNS)
                        + " keepDefault = true would keep the backfill lower(username) as the default of"
                        + " default_references_columns.login, but it refers to username")
                .inFile(source).onLineContaining("backfill = \"lower(username)\"");
        assertThat(compilation).hadErrorContaining("Set keepDefault = false");
    }

    @Test
    void keptDefaultWithASubqueryIsRejected() {
        JavaFileObject source = entity("Subquery",
                "@RequiredSince(version = \"2\", backfill = \"(select max(id) from plans)\", keepDefault = true)",
                "long planId;");
        Compilation compilation = Compilations.compile(source);

        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("but it refers to a subquery, id, plans")
                .inFile(source).onLineContaining("@RequiredSince");
    }

    @Test
    void backfillNestedTooDeeplyForTheParserIsReportedNotThrown() {
        // 30,000 levels: far past what jOOQ's recursive parser follows on javac's stack.
        String nested = "(".repeat(30_000) + "1" + ")".repeat(30_000);
        JavaFileObject source = entity("Nested", "@RequiredSince(version = \"2\", backfill = \"" + nested + "\")",
                "int level;");
        Compilation compilation = Compilations.compile(source);

        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining(tag(Message.BACKFILL_TOO_DEEP) + " The backfill")
                .inFile(source).onLineContaining("@RequiredSince");
        assertThat(compilation).hadErrorContaining("Write it flatter");
    }

    private static JavaFileObject entity(String name, String annotation, String field) {
        return DiagnosticsTest.entity(name, annotation, field);
    }

    private static String tag(Message message) {
        return DiagnosticsTest.tag(message);
    }
}
