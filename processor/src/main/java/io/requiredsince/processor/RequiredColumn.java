package io.requiredsince.processor;

import com.palantir.javapoet.ClassName;
import io.requiredsince.runtime.Backfill;
import io.requiredsince.runtime.SqlType;
import javax.lang.model.element.Element;

/**
 * Everything the writer needs for one {@code @RequiredSince} field, validated.
 *
 * @param entity the entity class
 * @param field the field's name
 * @param schema the table's schema, or empty
 * @param table the table
 * @param column the column
 * @param type the column type
 * @param backfill the backfill, classified
 * @param version the version, or empty
 * @param keepDefault whether the backfill stays as the column default
 * @param origin the field, for originating elements and diagnostics
 */
record RequiredColumn(ClassName entity, String field, String schema, String table, String column, SqlType type,
                      Backfill backfill, String version, boolean keepDefault, Element origin) {

    /** {@code schema.table.column}: the identity the runtime records. */
    String qualifiedColumn() {
        return (schema.isEmpty() ? "" : schema + ".") + table + "." + column;
    }

    /** The generated class: {@code Organization_plan_Migration}, beside the entity. */
    ClassName migrationClass() {
        return ClassName.get(entity.packageName(), String.join("_", entity.simpleNames()) + "_" + field + "_Migration");
    }
}
