package io.requiredsince.example;

import io.requiredsince.RequiredSince;
import io.requiredsince.Table;

/** A customer organization. Version 2 made every organization have a plan; existing ones are on the free plan. */
@Table("organizations")
public class Organization {
    long id;
    String name;

    @RequiredSince(version = "2", backfill = "'free'")
    String plan;

    /** Version 5 gave every organization a URL slug; existing ones get it from their name, computed in Java. */
    @RequiredSince(version = "5", backfillWith = OrganizationSlug.class)
    String slug;
}
