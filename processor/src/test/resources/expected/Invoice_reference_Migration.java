package com.example.billing;

import io.requiredsince.runtime.Backfill;
import io.requiredsince.runtime.ColumnSpec;
import io.requiredsince.runtime.Migration;
import io.requiredsince.runtime.MigrationVersion;
import io.requiredsince.runtime.SqlType;
import javax.annotation.processing.Generated;

/**
 * Makes column {@code billing.invoices.reference} required from version 4.1.
 *
 * <p>Generated from {@code com.example.billing.Invoice.reference} by requiredsince. Rows that exist when it runs get
 * {@code '00000000-0000-0000-0000-000000000000'}; the column then is NOT NULL, with no default.
 *
 * <p>Steps, each skipped when the live schema shows it done: add the column (on PostgreSQL 11+
 * with a constant, as NOT NULL DEFAULT in the catalog only); fill the rows where it is NULL;
 * set NOT NULL; drop the default.
 */
@Generated("io.requiredsince.processor.RequiredSinceProcessor")
public final class Invoice_reference_Migration implements Migration {
    private static final MigrationVersion VERSION = MigrationVersion.parse("4.1");

    private static final ColumnSpec COLUMN = ColumnSpec.builder()
            .schema("billing")
            .table("invoices")
            .column("reference")
            .type(SqlType.uuid())
            .backfill(Backfill.constant("'00000000-0000-0000-0000-000000000000'"))
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
