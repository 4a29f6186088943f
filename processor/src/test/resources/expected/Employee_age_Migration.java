package com.example;

import io.requiredsince.runtime.Backfill;
import io.requiredsince.runtime.ColumnSpec;
import io.requiredsince.runtime.Migration;
import io.requiredsince.runtime.MigrationVersion;
import io.requiredsince.runtime.SqlType;
import javax.annotation.processing.Generated;

/**
 * Makes column {@code employee.age} required from version 10.
 *
 * <p>Generated from {@code com.example.Employee.age} by requiredsince. Rows that exist when it runs get
 * {@code coalesce(length(name), 0)}; the column then is NOT NULL, with no default.
 *
 * <p>Steps, each skipped when the live schema shows it done: add the column (on PostgreSQL 11+
 * with a constant, as NOT NULL DEFAULT in the catalog only); fill the rows where it is NULL;
 * set NOT NULL; drop the default.
 */
@Generated("io.requiredsince.processor.RequiredSinceProcessor")
public final class Employee_age_Migration implements Migration {
    private static final MigrationVersion VERSION = MigrationVersion.parse("10");

    private static final ColumnSpec COLUMN = ColumnSpec.builder()
            .table("employee")
            .column("age")
            .type(SqlType.integer())
            .backfill(Backfill.expression("coalesce(length(name), 0)"))
            .keepDefault(false)
            .build();

    @Override
    public MigrationVersion version() {
        return VERSION;
    }

    @Override
    public ColumnSpec column() {
        return COLUMN;
    }
}
