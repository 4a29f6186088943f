package io.requiredsince.runtime.internal;

import io.requiredsince.runtime.ColumnSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A migration's definition as the history table stores it: one {@code key=value} line per element
 * (table, column, type, backfill kind, backfill, keepDefault), so that an edit made after the
 * migration was applied can be told in words ("backfill changed from 'free' to 'basic'"), not only
 * as a different checksum.
 */
record Definition(Map<String, String> elements) {

    /** The definition of a column spec, in a fixed order. */
    public static Definition of(ColumnSpec spec) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("schema", spec.schema());
        m.put("table", spec.table());
        m.put("column", spec.column());
        m.put("type", spec.type().toString());
        m.put("backfill kind", spec.backfill().kind().name().toLowerCase(java.util.Locale.ROOT));
        m.put("backfill", spec.backfill().sql());
        m.put("keepDefault", Boolean.toString(spec.keepDefault()));
        return new Definition(m);
    }

    /** The stored text: {@code key=value} lines, backslash and newline escaped. */
    public String encode() {
        StringBuilder b = new StringBuilder();
        elements.forEach((k, v) -> b.append(k).append('=').append(escape(v)).append('\n'));
        return b.toString();
    }

    /** Reads {@link #encode()}'s text; null stays null (rows written before definitions were stored). */
    public static Definition parse(String text) {
        if (text == null) {
            return null;
        }
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                m.put(line.substring(0, eq), unescape(line.substring(eq + 1)));
            }
        }
        return new Definition(m);
    }

    /** What changed from {@code this} (applied) to {@code now} (the code), one sentence per element. */
    public List<String> changesTo(Definition now) {
        List<String> changes = new ArrayList<>();
        for (Map.Entry<String, String> e : now.elements.entrySet()) {
            String was = elements.get(e.getKey());
            if (!e.getValue().equals(was)) {
                changes.add(e.getKey() + " changed from " + show(was) + " to " + show(e.getValue()));
            }
        }
        return changes;
    }

    private static String show(String value) {
        if (value == null) {
            return "(not recorded)";
        }
        return value.isEmpty() ? "(none)" : value;
    }

    private static String escape(String v) {
        return v.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
    }

    private static String unescape(String v) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '\\' && i + 1 < v.length()) {
                char n = v.charAt(++i);
                b.append(n == 'n' ? '\n' : n == 'r' ? '\r' : n);
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
