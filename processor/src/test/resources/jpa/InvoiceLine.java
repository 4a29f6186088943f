package com.example.jpa;

import io.requiredsince.RequiredSince;
import java.math.BigDecimal;

/** No @Table of any kind: table and column are the Java names in snake_case. */
public class InvoiceLine {

    @RequiredSince(version = "7", backfill = "0.00")
    BigDecimal unitPrice;
}
