package com.example;

import io.requiredsince.RequiredSince;

/** No @Table: the table is the class name in snake_case. The backfill is a per-row expression. */
public class Employee {

    String name;

    @RequiredSince(version = "10", backfill = "coalesce(length(name), 0)")
    Integer age;
}
