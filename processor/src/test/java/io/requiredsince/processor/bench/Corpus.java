package io.requiredsince.processor.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A corpus of entities that look like real ones: a table, a few plain fields with getters and
 * setters, and {@link #FIELDS} {@code @RequiredSince} fields of different types, one of which has an
 * expression backfill: mostly a common one, one in {@link #COMPLEX_EVERY} a CASE that only jOOQ's
 * parser reads.
 */
final class Corpus {

    static final int FIELDS = 3;
    /** One expression in this many needs jOOQ's parser (a CASE); the others are common ones. */
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
                .append(i % COMPLEX_EVERY == 0 ? "case when seats > " + i + " then 'big' else 'small' end"
                        : "coalesce(lower(name), 'none-" + i + "')")
                .append("\")\n")
                .append("    private String slug;\n\n");
        for (String[] f : new String[][] {{"long", "id"}, {"String", "name"}, {"LocalDate", "createdOn"},
                {"String", "plan"}, {"int", "seats"}, {"String", "slug"}}) {
            String cap = Character.toUpperCase(f[1].charAt(0)) + f[1].substring(1);
            s.append("    public ").append(f[0]).append(" get").append(cap).append("() {\n")
                    .append("        return ").append(f[1]).append(";\n    }\n\n")
                    .append("    public void set").append(cap).append("(").append(f[0]).append(" ").append(f[1])
                    .append(") {\n        this.").append(f[1]).append(" = ").append(f[1]).append(";\n    }\n\n");
        }
        s.append("    @Override\n    public String toString() {\n        return \"").append(name)
                .append("[id=\" + id + \", name=\" + name + \", plan=\" + plan + \"]\";\n    }\n}\n");
        return s.toString();
    }
}
