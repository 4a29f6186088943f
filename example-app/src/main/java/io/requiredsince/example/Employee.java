package io.requiredsince.example;

import io.requiredsince.RequiredSince;
import io.requiredsince.Table;

/** An employee. Version 4.1 stores the age, computed for existing rows from the birth year they already have. */
@Table("employees")
public class Employee {
    long id;
    String name;
    int birthYear;

    @RequiredSince(version = "4.1", backfill = "extract(year from current_date) - birth_year")
    Integer age;
}
