package io.requiredsince.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import java.util.EnumSet;
import java.util.Set;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * One negative test per message of {@link Message}: the error, its tag, the file and the line
 * javac points at. Inputs are under {@code src/test/resources/bad/}.
 */
class DiagnosticsTest {

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

    /** A new message needs a negative test above, and a place in this list. */
    @Test
    void everyMessageIsTaggedAndTested() {
        Set<Message> tested = EnumSet.of(Message.MISSING_BACKFILL, Message.MALFORMED_VERSION,
                Message.INVALID_BACKFILL_SQL, Message.STATIC_FIELD, Message.NOT_IN_A_CLASS,
                Message.UNSUPPORTED_TYPE, Message.DUPLICATE_COLUMN,
                // RowBackfillDiagnosticsTest:
                Message.ROW_BACKFILL_CONFLICT, Message.ROW_BACKFILL_NOT_A_ROW_BACKFILL,
                Message.ROW_BACKFILL_NO_CONSTRUCTOR, Message.ROW_BACKFILL_WRONG_TYPE);
        // INTERNAL_ERROR reports a bug in the processor: no input should be able to trigger it.
        assertEquals(EnumSet.complementOf(EnumSet.of(Message.INTERNAL_ERROR)), tested);
        for (Message m : Message.values()) {
            assertTrue(m.tag().matches("RequiredSince[A-Z][A-Za-z]+"), m.name());
            assertTrue(m.format(new Object[8]).startsWith(tag(m) + " "), m.name());
            assertEquals(Diagnostic.Kind.ERROR, m.kind(), m.name());
        }
    }

    private static String tag(Message message) {
        return "[" + message.tag() + "]";
    }
}
