package com.example;

import io.requiredsince.runtime.Backfill;
import io.requiredsince.runtime.ColumnSpec;
import io.requiredsince.runtime.Migration;
import io.requiredsince.runtime.MigrationVersion;
import io.requiredsince.runtime.SqlType;
import javax.annotation.processing.Generated;

/**
 * Makes column {@code shipments.attributes} required from version 5.
 *
 * <p>Generated from {@code com.example.Shipment.attributes} by requiredsince. Rows that exist when it runs get
 * {@code '{}'}; the column then is NOT NULL, with no default.
 *
 * <p>Steps, each skipped when the live schema shows it done: add the column (on PostgreSQL 11+
 * with a constant, as NOT NULL DEFAULT in the catalog only); fill the rows where it is NULL;
 * set NOT NULL; drop the default.
 */
@Generated("io.requiredsince.processor.RequiredSinceProcessor")
public final class Shipment_attributes_Migration implements Migration {
    private static final MigrationVersion VERSION = MigrationVersion.parse("5");

    private static final ColumnSpec COLUMN = ColumnSpec.builder()
            .table("shipments")
            .column("attributes")
            .type(SqlType.explicit("jsonb"))
            .backfill(Backfill.constant("'{}'"))
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
