package com.example;

import io.requiredsince.runtime.Backfill;
import io.requiredsince.runtime.ColumnSpec;
import io.requiredsince.runtime.Migration;
import io.requiredsince.runtime.MigrationVersion;
import io.requiredsince.runtime.SqlType;
import javax.annotation.processing.Generated;

/**
 * Makes column {@code users.first_name} required from version 3.
 *
 * <p>Generated from {@code com.example.User.firstName} by requiredsince. Rows that exist when it runs get
 * {@code 'Unknown'}; the column then is NOT NULL, with no default.
 *
 * <p>Steps, each skipped when the live schema shows it done: add the column (on PostgreSQL 11+
 * with a constant, as NOT NULL DEFAULT in the catalog only); fill the rows where it is NULL;
 * set NOT NULL; drop the default.
 */
@Generated("io.requiredsince.processor.RequiredSinceProcessor")
public final class User_firstName_Migration implements Migration {
    private static final MigrationVersion VERSION = MigrationVersion.parse("3");

    private static final ColumnSpec COLUMN = ColumnSpec.builder()
            .table("users")
            .column("first_name")
            .type(SqlType.varchar(255))
            .backfill(Backfill.constant("'Unknown'"))
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
