package io.requiredsince.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * {@code @RequiredSince(backfillWith = …)}: the generated migration carries the class, and each
 * mistake is an error on the {@code backfillWith} line. Inputs are under {@code src/test/resources/rowbackfill/}.
 */
class RowBackfillDiagnosticsTest {

    @Test
    void aValidRowBackfillIsCarriedByTheGeneratedMigration() {
        Compilation compilation = Compilations.compile(Compilations.resource("rowbackfill/GoodRowBackfill.java"));

        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation).generatedSourceFile("com.example.rows.GoodRowBackfill_tier_Migration")
                .contentsAsUtf8String().contains(".backfill(Backfill.perRow(GoodRowBackfill.Tier.class))");
    }

    @Test
    void backfillAndBackfillWithAreExclusive() {
        JavaFileObject source = Compilations.resource("rowbackfill/BothBackfills.java");
        Compilation compilation = Compilations.compile(source);

        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining(tag(Message.ROW_BACKFILL_CONFLICT) + " Column organizations.plan has"
                + " both backfill and backfillWith = Plan.class").inFile(source).onLineContaining("backfillWith =");
    }

    @Test
    void classMustImplementRowBackfill() {
        JavaFileObject source = Compilations.resource("rowbackfill/NotARowBackfill.java");
        Compilation compilation = Compilations.compile(source);

        // The element's type bound makes javac itself refuse it, on the same line.
        assertThat(compilation).failed();
        assertThat(compilation).hadErrorContaining("cannot be converted to java.lang.Class<? extends"
                + " io.requiredsince.runtime.RowBackfill>").inFile(source).onLineContaining("backfillWith =");
    }

    @Test
    void classNeedsAPublicNoArgumentConstructor() {
        JavaFileObject source = Compilations.resource("rowbackfill/NoConstructor.java");
        Compilation compilation = Compilations.compile(source);

        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining(tag(Message.ROW_BACKFILL_NO_CONSTRUCTOR))
                .inFile(source).onLineContaining("backfillWith =");
    }

    @Test
    void valueTypeMustMatchTheField() {
        JavaFileObject source = Compilations.resource("rowbackfill/WrongType.java");
        Compilation compilation = Compilations.compile(source);

        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining(tag(Message.ROW_BACKFILL_WRONG_TYPE))
                .inFile(source).onLineContaining("backfillWith =");
        assertThat(compilation).hadErrorContaining("computes java.lang.Integer, but field plan is java.lang.String."
                + " Implement RowBackfill<String>");
    }

    @Test
    void aMissingClassIsReportedOnTheAnnotation() {
        JavaFileObject source = Compilations.resource("rowbackfill/MissingClass.java");
        Compilation compilation = Compilations.compile(source);

        assertThat(compilation).failed();
        assertThat(compilation).hadErrorContaining("NoSuchBackfill").inFile(source).onLineContaining("backfillWith =");
        assertThat(compilation).hadErrorContaining(tag(Message.ROW_BACKFILL_NOT_A_ROW_BACKFILL))
                .inFile(source).onLineContaining("backfillWith =");
    }

    private static String tag(Message message) {
        return "[" + message.tag() + "]";
    }
}
