package com.example.billing;

import io.requiredsince.RequiredSince;
import io.requiredsince.Table;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.UUID;

/** A table in a schema, a primitive, the types with a size or a format, and an unversioned migration. */
@Table("billing.invoices")
public class Invoice {

    /** Stored by name. */
    public enum Status { DRAFT, SENT, PAID }

    @RequiredSince(version = "4", backfill = "false")
    boolean enableDownloads;

    @RequiredSince(version = "4", backfill = "0.00")
    BigDecimal amount;

    @RequiredSince(version = "4.1", backfill = "'00000000-0000-0000-0000-000000000000'")
    UUID reference;

    @RequiredSince(version = "4.1", backfill = "DATE '2020-01-01'")
    LocalDate issuedOn;

    @RequiredSince(backfill = "'DRAFT'")
    Status status;
}
