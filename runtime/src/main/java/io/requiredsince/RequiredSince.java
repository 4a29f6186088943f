package io.requiredsince;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares that a field's column is required (NOT NULL) from a given version on, and how the rows
 * that already exist get their value.
 *
 * <pre>{@code
 * @Table("organizations")
 * public class Organization {
 *     @RequiredSince(version = "2", backfill = "'free'")
 *     String plan;
 * }
 * }</pre>
 *
 * <p>The annotation processor turns each annotated field into a migration class; at start-up
 * {@code io.requiredsince.runtime.Migrator} adds the column, backfills the existing rows and
 * tightens the column to NOT NULL with the best strategy the connected database supports.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface RequiredSince {

    /**
     * The version from which the column is required: dotted numbers such as {@code "2"} or
     * {@code "2.1"}, compared part by part ({@code 2 < 2.1 < 10}). Empty for a migration identified
     * by its table and column only, which runs after every versioned one.
     */
    String version() default "";

    /**
     * The value the existing rows get, as a SQL expression: a literal such as {@code 'free'},
     * {@code true} or {@code 0}, or an expression over the row's other columns such as
     * {@code lower(username)}. Required: a compile-time error says what to write when it is missing.
     */
    String backfill() default "";

    /**
     * Keep the backfill as the column's server default after the migration. By default the
     * default is dropped, so that an insert that forgets the column fails instead of silently
     * taking the backfill value.
     */
    boolean keepDefault() default false;

    /**
     * The column's SQL type, written as the target database spells it ({@code "jsonb"},
     * {@code "text"}, {@code "numeric(12, 3)"}): for a Java type without a built-in mapping, or to
     * override the mapping. Used as written on every engine. Empty: the type comes from JPA's
     * {@code @Column(columnDefinition)} if present, else from the field's Java type.
     */
    String sqlType() default "";

    /**
     * A class that computes the value per row in Java, for values SQL cannot compute: it implements
     * {@link io.requiredsince.runtime.RowBackfill RowBackfill&lt;T&gt;} with {@code T} the field's type
     * and has a public no-argument constructor (the processor checks both). Use it instead of
     * {@link #backfill()}, never with it, and not with {@link #keepDefault()}. The runtime reads the
     * rows in key order one batch at a time and writes the values back in JDBC batches.
     */
    @SuppressWarnings("rawtypes")
    Class<? extends io.requiredsince.runtime.RowBackfill> backfillWith() default io.requiredsince.runtime.RowBackfill.class;
}
