package io.requiredsince.example;

import io.requiredsince.RequiredSince;
import io.requiredsince.Table;

/** An invoice. Version 4 added opt-in downloads: old invoices stay without, new ones say explicitly. */
@Table("invoices")
public class Invoice {
    long id;
    String number;

    @RequiredSince(version = "4", backfill = "false")
    boolean enableDownloads;
}
