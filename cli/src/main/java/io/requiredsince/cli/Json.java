package io.requiredsince.cli;

import io.requiredsince.runtime.ExecutedStep;
import io.requiredsince.runtime.MigrationInfo;
import io.requiredsince.runtime.MigrationReport;
import io.requiredsince.runtime.MigrationResult;
import io.requiredsince.runtime.MigrationVersion;
import io.requiredsince.runtime.UndoResult;
import io.requiredsince.runtime.ValidationReport;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The results as JSON, for a Job or a script to read: {@code --json}. */
final class Json {

    private Json() {
    }

    static String of(MigrationReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("engine", r.engine());
        m.put("alreadyApplied", r.alreadyApplied());
        m.put("rowsBackfilled", r.rowsBackfilled());
        m.put("applied", r.applied().stream().map(Json::result).toList());
        m.put("warnings", r.warnings());
        return write(m);
    }

    static String of(List<?> items) {
        return write(items.stream().map(Json::item).toList());
    }

    static String of(ValidationReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("valid", r.isValid());
        m.put("problems", r.lines());
        m.put("warnings", r.warnings());
        return write(m);
    }

    private static Object item(Object o) {
        if (o instanceof MigrationInfo i) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("version", version(i.version()));
            m.put("script", i.script());
            m.put("description", i.description());
            m.put("state", i.state().name());
            m.put("installedOn", i.installedOn() == null ? null : i.installedOn().toString());
            m.put("executionTimeMillis", i.executionTimeMillis());
            m.put("rowsBackfilled", i.rowsBackfilled());
            return m;
        }
        if (o instanceof UndoResult u) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("version", version(u.version()));
            m.put("script", u.script());
            m.put("droppedColumn", u.droppedColumn());
            m.put("statements", u.statements());
            return m;
        }
        throw new IllegalArgumentException("No JSON form for " + o.getClass());
    }

    private static Map<String, Object> result(MigrationResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", version(r.version()));
        m.put("script", r.script());
        m.put("state", r.state().name());
        m.put("rowsBackfilled", r.rowsBackfilled());
        m.put("millis", r.duration().toMillis());
        m.put("warnings", r.warnings());
        m.put("steps", r.steps().stream().map(Json::step).toList());
        return m;
    }

    private static Map<String, Object> step(ExecutedStep s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("step", s.step());
        m.put("rows", s.rows());
        m.put("millis", s.duration().toMillis());
        m.put("sql", s.sql());
        return m;
    }

    private static String version(MigrationVersion v) {
        return v.isNone() ? null : v.toString();
    }

    private static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out);
        return out.toString();
    }

    private static void write(Object value, StringBuilder out) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            quote(s, out);
        } else if (value instanceof Number || value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            Iterator<? extends Map.Entry<?, ?>> it = map.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<?, ?> e = it.next();
                quote(e.getKey().toString(), out);
                out.append(':');
                write(e.getValue(), out);
                if (it.hasNext()) {
                    out.append(',');
                }
            }
            out.append('}');
        } else if (value instanceof Collection<?> list) {
            out.append('[');
            Iterator<?> it = list.iterator();
            while (it.hasNext()) {
                write(it.next(), out);
                if (it.hasNext()) {
                    out.append(',');
                }
            }
            out.append(']');
        } else {
            quote(value.toString(), out);
        }
    }

    private static void quote(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
