package io.requiredsince.processor.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A corpus of entities that look like real ones: a table, a few plain fields with getters and
 * setters, and {@link #FIELDS} {@code @RequiredSince} fields of different types, one of which has an
 * expression backfill: mostly a common one, one in {@link #COMPLEX_EVERY} an EXTRACT that only jOOQ's
 * parser reads.
 */
final class Corpus {

    static final int FIELDS = 3;
    /** One expression in this many needs jOOQ's parser (an EXTRACT); the others are common ones. */
    static final int COMPLEX_EVERY = 10;

    private Corpus() {
    }

    static int complexExpressions(int entities) {
        return (entities + COMPLEX_EVERY - 1) / COMPLEX_EVERY;
    }

    static List<Path> write(Path dir, int entities) throws IOException {
        Path pkg = Files.createDirectories(dir.resolve("com/example/bench"));
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < entities; i++) {
            String name = "Entity" + i;
            files.add(Files.writeString(pkg.resolve(name + ".java"), entity(name, i)));
        }
        return files;
    }

    /**
     * A realistic project: {@code entities} entities (a table, twelve plain fields with getters and
     * setters, equals, hashCode and toString),
     * {@code migrations} of them with one {@code @RequiredSince} field each (a string, an int, an
     * expression, a boolean, a date, in turn); the expression is {@code coalesce(lower(name), 'none')},
     * or with {@code variant} "case" a CASE (which the fast reader reads too), with "parser" an
     * EXTRACT that only jOOQ's parser reads.
     */
    static List<Path> realistic(Path dir, int entities, int migrations, String variant) throws IOException {
        String expression = switch (variant == null ? "" : variant) {
            case "case" -> "case when seats > 10 then 'big' else 'small' end";
            case "parser" -> "coalesce(extract(year from current_date) - seats, 0)";
            default -> "coalesce(lower(name), 'none')";
        };
        Path pkg = Files.createDirectories(dir.resolve("com/example/app"));
        String[][] kinds = {
            {"String", "plan", "'free'"}, {"int", "seats", "0"},
            {"String", "slug", expression},
            {"boolean", "active", "true"}, {"java.time.LocalDate", "since", "'1970-01-01'"}};
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < entities; i++) {
            String name = "Model" + i;
            StringBuilder s = new StringBuilder("package com.example.app;\n\n")
                    .append("import io.requiredsince.RequiredSince;\n")
                    .append("import io.requiredsince.Table;\n")
                    .append("import java.math.BigDecimal;\n")
                    .append("import java.time.Instant;\n")
                    .append("import java.util.Objects;\n\n")
                    .append("@Table(\"model_").append(i).append("\")\n")
                    .append("public class ").append(name).append(" {\n\n");
            // The fields of an entity of a business application: a key, names, amounts, times, flags.
            List<String[]> fields = new ArrayList<>(List.of(new String[] {"long", "id"}, new String[] {"String", "name"},
                    new String[] {"int", "seats"}, new String[] {"String", "email"}, new String[] {"String", "phone"},
                    new String[] {"String", "street"}, new String[] {"String", "city"},
                    new String[] {"String", "country"}, new String[] {"BigDecimal", "balance"},
                    new String[] {"Instant", "createdAt"}, new String[] {"Instant", "updatedAt"},
                    new String[] {"boolean", "archived"}));
            for (String[] f : fields) {
                s.append("    private ").append(f[0]).append(" ").append(f[1]).append(";\n");
            }
            s.append("\n");
            if (i < migrations) {
                String[] k = kinds[i % kinds.length];
                String field = k[1].equals("seats") ? "places" : k[1];
                s.append("    @RequiredSince(version = \"").append(2 + i).append("\", backfill = \"").append(k[2])
                        .append("\")\n    private ").append(k[0]).append(" ").append(field).append(";\n\n");
                fields.add(new String[] {k[0], field});
            }
            accessors(s, fields);
            s.append("    @Override\n    public boolean equals(Object o) {\n")
                    .append("        return o instanceof ").append(name).append(" other && id == other.id;\n    }\n\n")
                    .append("    @Override\n    public int hashCode() {\n        return Objects.hash(id);\n    }\n\n")
                    .append("    @Override\n    public String toString() {\n        return \"").append(name)
                    .append("[id=\" + id + \", name=\" + name + \", email=\" + email + \", city=\" + city + \"]\";\n")
                    .append("    }\n}\n");
            files.add(Files.writeString(pkg.resolve(name + ".java"), s.toString()));
        }
        return files;
    }

    private static void accessors(StringBuilder s, List<String[]> fields) {
        for (String[] f : fields) {
            String cap = Character.toUpperCase(f[1].charAt(0)) + f[1].substring(1);
            s.append("    public ").append(f[0]).append(" get").append(cap).append("() {\n")
                    .append("        return ").append(f[1]).append(";\n    }\n\n")
                    .append("    public void set").append(cap).append("(").append(f[0]).append(" ").append(f[1])
                    .append(") {\n        this.").append(f[1]).append(" = ").append(f[1]).append(";\n    }\n\n");
        }
    }

    private static String entity(String name, int i) {
        StringBuilder s = new StringBuilder()
                .append("package com.example.bench;\n\n")
                .append("import io.requiredsince.RequiredSince;\n")
                .append("import io.requiredsince.Table;\n")
                .append("import java.time.LocalDate;\n\n")
                .append("@Table(\"entity_").append(i).append("\")\n")
                .append("public class ").append(name).append(" {\n\n")
                .append("    private long id;\n")
                .append("    private String name;\n")
                .append("    private LocalDate createdOn;\n\n")
                .append("    @RequiredSince(version = \"").append(1 + i % 20).append("\", backfill = \"'free'\")\n")
                .append("    private String plan;\n\n")
                .append("    @RequiredSince(version = \"").append(1 + i % 20).append(".1\", backfill = \"0\")\n")
                .append("    private int seats;\n\n")
                .append("    @RequiredSince(version = \"").append(2 + i % 20).append("\", backfill = \"")
                .append(i % COMPLEX_EVERY == 0 ? "coalesce(extract(year from current_date) - " + i + ", 0)"
                        : "coalesce(lower(name), 'none-" + i + "')")
                .append("\")\n")
                .append("    private String slug;\n\n");
        accessors(s, List.of(new String[][] {{"long", "id"}, {"String", "name"}, {"LocalDate", "createdOn"},
                {"String", "plan"}, {"int", "seats"}, {"String", "slug"}}));
        s.append("    @Override\n    public String toString() {\n        return \"").append(name)
                .append("[id=\" + id + \", name=\" + name + \", plan=\" + plan + \"]\";\n    }\n}\n");
        return s.toString();
    }
}
