package com.example;

import io.requiredsince.runtime.Backfill;
import io.requiredsince.runtime.ColumnSpec;
import io.requiredsince.runtime.Migration;
import io.requiredsince.runtime.MigrationVersion;
import io.requiredsince.runtime.SqlType;
import javax.annotation.processing.Generated;

/**
 * Makes column {@code users.last_name} required from version 3.
 *
 * <p>Generated from {@code com.example.User.lastName} by requiredsince. Rows that exist when it runs get
 * {@code 'Unknown'}; the column then is NOT NULL, with that value as its default.
 *
 * <p>Steps, each skipped when the live schema shows it done: add the column (on PostgreSQL 11+
 * with a constant, as NOT NULL DEFAULT in the catalog only); fill the rows where it is NULL;
 * set NOT NULL; keep the default.
 */
@Generated("io.requiredsince.processor.RequiredSinceProcessor")
public final class User_lastName_Migration implements Migration {
    private static final MigrationVersion VERSION = MigrationVersion.parse("3");

    private static final ColumnSpec COLUMN = ColumnSpec.builder()
            .table("users")
            .column("last_name")
            .type(SqlType.varchar(255))
            .backfill(Backfill.constant("'Unknown'"))
            .keepDefault(true)
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
