package io.requiredsince.processor;

import java.util.Locale;
import javax.tools.Diagnostic;

/**
 * Every diagnostic the processor reports, in one place. Each carries a tag in brackets so that a
 * user can search for it; tests assert on the same constants.
 */
public enum Message {

    MISSING_BACKFILL(Diagnostic.Kind.ERROR, "RequiredSinceNoBackfill",
            "Column %s becomes NOT NULL, but the rows already in the table have no value for it."
                    + " Provide a one-off value for the existing rows: @RequiredSince(%sbackfill = \"%s\")."
                    + " The backfill is a SQL expression: a literal such as %s, or an expression over the row's"
                    + " other columns."),

    INVALID_BACKFILL_SQL(Diagnostic.Kind.ERROR, "RequiredSinceBadBackfill",
            "The backfill \"%s\" is not a valid SQL expression: %s (at character %d of the backfill)."
                    + " Write a literal such as %s or an expression such as lower(username)."),

    MALFORMED_VERSION(Diagnostic.Kind.ERROR, "RequiredSinceBadVersion",
            "The version \"%s\" is malformed: use dotted numbers such as \"2\" or \"2.1\", or leave it empty."),

    DUPLICATE_COLUMN(Diagnostic.Kind.ERROR, "RequiredSinceDuplicate",
            "Column %s is already required by %s. Keep one @RequiredSince per column."),

    UNSUPPORTED_TYPE(Diagnostic.Kind.ERROR, "RequiredSinceUnsupportedType",
            "No SQL type is known for the Java type %s. Supported: String, char, boolean, byte, short, int,"
                    + " long, float, double and their boxes, BigDecimal, UUID, LocalDate, LocalTime, LocalDateTime,"
                    + " Instant, OffsetDateTime and enums."),

    STATIC_FIELD(Diagnostic.Kind.ERROR, "RequiredSincePlacement",
            "@RequiredSince is on the static field %s: only instance fields map to columns. Move it to an instance field."),

    NOT_IN_A_CLASS(Diagnostic.Kind.ERROR, "RequiredSincePlacement",
            "@RequiredSince is on %s, which is not in a top-level or static nested class: the table cannot be"
                    + " resolved. Put it on a field of an entity class."),

    ROW_BACKFILL_CONFLICT(Diagnostic.Kind.ERROR, "RequiredSinceRowBackfill",
            "Column %s has both %s and backfillWith = %s.class. Keep one: backfill for a SQL expression,"
                    + " backfillWith for a value computed per row in Java (which cannot be a column default)."),

    ROW_BACKFILL_NOT_A_ROW_BACKFILL(Diagnostic.Kind.ERROR, "RequiredSinceRowBackfill",
            "backfillWith = %s.class is not a class that implements io.requiredsince.runtime.RowBackfill (or it"
                    + " cannot be found). Declare it as `public class %s implements RowBackfill<%s>` with a public"
                    + " no-argument constructor."),

    ROW_BACKFILL_NO_CONSTRUCTOR(Diagnostic.Kind.ERROR, "RequiredSinceRowBackfill",
            "backfillWith = %s.class cannot be created by the runtime: it must be a public, non-abstract"
                    + " top-level or static nested class with a public no-argument constructor."),

    ROW_BACKFILL_WRONG_TYPE(Diagnostic.Kind.ERROR, "RequiredSinceRowBackfill",
            "backfillWith = %s.class computes %s, but field %s is %s. Implement RowBackfill<%s>."),

    INTERNAL_ERROR(Diagnostic.Kind.ERROR, "RequiredSinceInternal",
            "requiredsince could not process field %s: %s. This is a bug in requiredsince; please report it"
                    + " with this message.");

    private final Diagnostic.Kind kind;
    private final String tag;
    private final String template;

    Message(Diagnostic.Kind kind, String tag, String template) {
        this.kind = kind;
        this.tag = tag;
        this.template = template;
    }

    public Diagnostic.Kind kind() {
        return kind;
    }

    public String tag() {
        return tag;
    }

    /** The message with its arguments filled in, prefixed by its tag. */
    public String format(Object... args) {
        return "[" + tag + "] " + String.format(Locale.ROOT, template, args);
    }
}
