package com.example;

import io.requiredsince.runtime.Backfill;
import io.requiredsince.runtime.ColumnSpec;
import io.requiredsince.runtime.Migration;
import io.requiredsince.runtime.MigrationVersion;
import io.requiredsince.runtime.SqlType;
import javax.annotation.processing.Generated;

/**
 * Makes column {@code organizations.plan} required from version 2.
 *
 * <p>Generated from {@code com.example.Organization.plan} by requiredsince. Rows that exist when it runs get
 * {@code 'free'}; the column then is NOT NULL, with no default.
 *
 * <p>Steps, each skipped when the live schema shows it done: add the column (on PostgreSQL 11+
 * with a constant, as NOT NULL DEFAULT in the catalog only); fill the rows where it is NULL;
 * set NOT NULL; drop the default.
 */
@Generated("io.requiredsince.processor.RequiredSinceProcessor")
public final class Organization_plan_Migration implements Migration {
    private static final MigrationVersion VERSION = MigrationVersion.parse("2");

    private static final ColumnSpec COLUMN = ColumnSpec.builder()
            .table("organizations")
            .column("plan")
            .type(SqlType.varchar(255))
            .backfill(Backfill.constant("'free'"))
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
