package io.requiredsince;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the table an entity class maps to. Without it the processor reads
 * {@code jakarta.persistence.Table} or {@code javax.persistence.Table}, and otherwise uses the
 * class's simple name in snake_case ({@code InvoiceLine} becomes {@code invoice_line}).
 *
 * <p>A name that is all lower case is written the way an unquoted identifier would be, so it
 * matches a table created without quotes on every engine (H2, HSQLDB and Derby fold such names to
 * upper case). A name with upper-case letters is taken exactly. {@code "billing.invoices"} names a
 * table in schema {@code billing}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Table {

    /** The table name, optionally qualified by a schema: {@code "invoices"}, {@code "billing.invoices"}. */
    String value();
}
