package io.requiredsince.processor;

import java.util.Locale;
import javax.tools.Diagnostic;

/**
 * Every diagnostic the processor reports, in one place. Each carries a tag in brackets so that a
 * user can search for it; tests assert on the same constants. {@link FormattingMessager} is the only
 * way a diagnostic reaches javac, and it accepts nothing but these.
 */
public enum Message {

    // Backfill

    MISSING_BACKFILL(Diagnostic.Kind.ERROR, "RequiredSinceNoBackfill",
            "Column %s becomes NOT NULL, but the rows already in the table have no value for it."
                    + " Provide a one-off value for the existing rows: @RequiredSince(%sbackfill = \"%s\")."
                    + " The backfill is a SQL expression: a literal such as %s, or an expression over the row's"
                    + " other columns."),

    INVALID_BACKFILL_SQL(Diagnostic.Kind.ERROR, "RequiredSinceBadBackfill",
            "The backfill \"%s\" is not a valid SQL expression: %s (at character %d of the backfill)."
                    + " Write a literal such as %s or an expression such as lower(username)."),

    NULL_BACKFILL(Diagnostic.Kind.ERROR, "RequiredSinceNullBackfill",
            "The backfill of %s is NULL, but the column becomes NOT NULL: the existing rows need a real value."
                    + " Write the value they should get, such as %s."),

    PLACEHOLDER_BACKFILL(Diagnostic.Kind.ERROR, "RequiredSincePlaceholder",
            "The backfill \"%s\" still holds the placeholder %s: it would be written into every existing row"
                    + " in production. Replace it with the real value, such as %s."),

    BACKFILL_WRONG_KIND(Diagnostic.Kind.ERROR, "RequiredSinceBackfillType",
            "The backfill %s is %s, but column %s is %s (Java %s): write %s, such as %s."),

    BACKFILL_TOO_LONG(Diagnostic.Kind.ERROR, "RequiredSinceBackfillType",
            "The backfill %s is %d characters long, but column %s is %s. Shorten it, or widen the column"
                    + " with @Column(length = %d)."),

    BACKFILL_OUT_OF_RANGE(Diagnostic.Kind.ERROR, "RequiredSinceBackfillType",
            "The backfill %s does not fit column %s (%s, Java %s), which holds %s."),

    BACKFILL_MALFORMED_VALUE(Diagnostic.Kind.ERROR, "RequiredSinceBackfillType",
            "The backfill %s is not a valid %s for column %s (Java %s): write it as %s."),

    BACKFILL_NOT_A_CONSTANT(Diagnostic.Kind.ERROR, "RequiredSinceBackfillType",
            "The backfill %s is not a constant of %s, whose values column %s stores by name: write one of %s."),

    VOLATILE_KEEP_DEFAULT(Diagnostic.Kind.WARNING, "RequiredSinceVolatileDefault",
            "The backfill %s calls %s(), which gives a new value on every call, and keepDefault = true keeps it"
                    + " as the default of %s: each future insert that omits the column gets a fresh value, not"
                    + " the one the existing rows got, and the add can never be catalog-only (every existing row"
                    + " is written; on PostgreSQL a volatile default in ADD COLUMN rewrites the table). Set"
                    + " keepDefault = false unless a fresh value per insert is what you want."),

    DEFAULT_REFERENCES_COLUMNS(Diagnostic.Kind.ERROR, "RequiredSinceDefaultReferencesColumns",
            "keepDefault = true would keep the backfill %s as the default of %s, but it refers to %s, and a"
                    + " column default cannot refer to other columns or tables. Set keepDefault = false (the"
                    + " backfill still computes each existing row's value), or keep a constant default such as %s."),

    // Versions and identity

    MALFORMED_VERSION(Diagnostic.Kind.ERROR, "RequiredSinceBadVersion",
            "The version \"%s\" is malformed: use dotted numbers such as \"2\" or \"2.1\", or leave it empty."),

    DUPLICATE_COLUMN(Diagnostic.Kind.ERROR, "RequiredSinceDuplicate",
            "Column %s is already required by %s. Keep one @RequiredSince per column."),

    CONFLICTING_DEFINITION(Diagnostic.Kind.ERROR, "RequiredSinceConflict",
            "Column %s is required from version %s both here and by %s, with different definitions (%s)."
                    + " One migration per column: keep one @RequiredSince, or make the two agree and keep one."),

    // Types

    UNSUPPORTED_TYPE(Diagnostic.Kind.ERROR, "RequiredSinceUnsupportedType",
            "No SQL type is known for the Java type %s. Supported: String, char, boolean, byte, short, int,"
                    + " long, float, double and their boxes, BigDecimal, UUID, LocalDate, LocalTime, LocalDateTime,"
                    + " Instant, OffsetDateTime and enums. For any other type, give the column's SQL type:"
                    + " @RequiredSince(sqlType = \"jsonb\", ...), or JPA's @Column(columnDefinition = \"jsonb\")."),

    BAD_SQL_TYPE(Diagnostic.Kind.ERROR, "RequiredSinceBadSqlType",
            "The SQL type \"%s\" must be the column type alone, with no NULL, NOT NULL, DEFAULT, constraint"
                    + " or ';': the migration adds NOT NULL and the default itself. Write only the type, such as"
                    + " \"text\" or \"numeric(12, 3)\"."),

    // Placement

    STATIC_FIELD(Diagnostic.Kind.ERROR, "RequiredSincePlacement",
            "@RequiredSince is on the static field %s: only instance fields map to columns. Move it to an instance field."),

    TRANSIENT_FIELD(Diagnostic.Kind.ERROR, "RequiredSincePlacement",
            "@RequiredSince is on the transient field %s, which is not persisted and so has no column."
                    + " Remove transient, or remove @RequiredSince."),

    JPA_TRANSIENT_FIELD(Diagnostic.Kind.ERROR, "RequiredSincePlacement",
            "@RequiredSince is on %s, which @Transient marks as not persisted, so it has no column."
                    + " Remove @Transient, or remove @RequiredSince."),

    FINAL_FIELD(Diagnostic.Kind.ERROR, "RequiredSincePlacement",
            "@RequiredSince is on the final field %s: a mapper cannot set it when it loads a row."
                    + " Remove final (or make the entity a record, whose components are set through its constructor)."),

    NOT_IN_A_CLASS(Diagnostic.Kind.ERROR, "RequiredSincePlacement",
            "@RequiredSince is on %s, which is not in a top-level or static nested class or record: the table"
                    + " cannot be resolved. Put it on a field of an entity class."),

    NO_TABLE(Diagnostic.Kind.ERROR, "RequiredSinceNoTable",
            "%s names no usable table: @Table(\"%s\"). Write the table's name, with its schema if it has one,"
                    + " such as @Table(\"invoices\") or @Table(\"billing.invoices\")."),

    // The processor itself

    TIMING(Diagnostic.Kind.NOTE, "RequiredSinceTiming",
            "%d field(s) in %d ms inside the processor: jOOQ's parser %d ms (start-up %d ms, %d expression(s);"
                    + " literals and common expressions skip it), %d source(s) rendered by JavaPoet in %d ms and"
                    + " written through javac's Filer in %d ms, the rest (validation)"
                    + " %d ms. Asked for with -Arequiredsince.timing."),

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

    BACKFILL_TOO_DEEP(Diagnostic.Kind.ERROR, "RequiredSinceBackfillTooDeep",
            "The backfill \"%s\" nests its parentheses or calls too deeply to be checked. Write it flatter (a CASE"
                    + " with many WHEN branches, an IN list), or compute the value per row in Java with"
                    + " backfillWith; a literal such as %s needs no check."),

    INTERNAL_ERROR(Diagnostic.Kind.ERROR, "RequiredSinceInternal",
            "requiredsince could not process field %s: %s. This is a bug in requiredsince; please report it"
                    + " with this message."),

    REGISTRY_NOT_WRITTEN(Diagnostic.Kind.ERROR, "RequiredSinceInternal",
            "could not write %s: %s");

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
