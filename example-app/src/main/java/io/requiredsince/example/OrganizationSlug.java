package io.requiredsince.example;

import io.requiredsince.runtime.RowBackfill;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Map;

/**
 * The URL slug of an existing organization, from its name: "Crème Brûlée GmbH" becomes
 * "creme-brulee-gmbh". Stripping accents is not something SQL does the same way on every engine,
 * so the value is computed here, per row, by the runtime's batched Java backfill.
 */
public class OrganizationSlug implements RowBackfill<String> {

    @Override
    public String compute(Map<String, Object> row) {
        String name = Normalizer.normalize((String) row.get("name"), Normalizer.Form.NFD)
                .replaceAll("\\p{M}", "");
        String slug = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        return slug.isEmpty() ? "org-" + row.get("id") : slug;
    }
}
