package io.requiredsince.runtime.internal;

import io.requiredsince.runtime.Backfill;
import io.requiredsince.runtime.ColumnSpec;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a migration finds when its column existed before it: the application's own definition,
 * which the migration keeps. A type other than the spec's is a warning (the column stays as it is);
 * a constant backfill the column cannot hold is an error before anything is changed, since the
 * backfill would fail half-way or, on engines that store what they are given, write a value the
 * declared type does not allow; a keepDefault the column's own default overrules is a warning.
 */
final class ExistingColumns {

    private static final Pattern STRING_LITERAL = Pattern.compile("\\s*'((?:[^']|'')*)'\\s*");
    private static final Pattern NUMBER = Pattern.compile("\\s*[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?\\s*");

    private final SchemaInspector inspector;
    private final EngineSupport engine;

    ExistingColumns(SchemaInspector inspector, EngineSupport engine) {
        this.inspector = inspector;
        this.engine = engine;
    }

    /**
     * What was found on an existing column.
     *
     * @param warnings what the migration leaves as the application had it, one sentence each
     * @param misfit why the backfill cannot be stored in the column, or null when it can
     */
    record Review(List<String> warnings, String misfit) {
        static final Review NONE = new Review(List.of(), null);
    }

    /** Reviews the target's column when it existed before the migration; nothing to say otherwise. */
    Review review(Target target) throws SQLException {
        if (!target.prior().existed()) {
            return Review.NONE;
        }
        Optional<ColumnType> type = inspector.type(target);
        if (type.isEmpty()) {
            return Review.NONE;
        }
        ColumnType live = type.get();
        ColumnSpec spec = target.spec();
        List<String> warnings = new ArrayList<>();
        if (!engine.sameType(spec.type(), live)) {
            warnings.add(Message.EXISTING_TYPE_DIFFERS.format(target.describe(), live.describe(), spec.type()));
        }
        String own = target.prior().defaultValue();
        if (spec.keepDefault() && own != null && !engine.sameDefault(own, spec.backfill().sql())) {
            warnings.add(Message.EXISTING_DEFAULT_KEPT.format(target.describe(), own, spec.backfill().sql()));
        }
        String why = whyNotStored(spec.backfill(), live);
        String misfit = why == null ? null
                : Message.BACKFILL_DOES_NOT_FIT.format(spec.backfill().sql(), target.describe(), live.describe(), why);
        return new Review(warnings, misfit);
    }

    // Only literals can be judged before they run; expressions and Java backfills are the engine's to refuse.
    private static String whyNotStored(Backfill backfill, ColumnType live) {
        if (!backfill.isConstant()) {
            return null;
        }
        Matcher text = STRING_LITERAL.matcher(backfill.sql());
        String value;
        if (text.matches()) {
            value = text.group(1).replace("''", "'");
            if (live.isNumeric() && !NUMBER.matcher(value).matches()) {
                return Message.BACKFILL_NOT_A_NUMBER.format();
            }
        } else if (NUMBER.matcher(backfill.sql()).matches()) {
            value = backfill.sql().strip();
        } else {
            return null;
        }
        int length = value.codePointCount(0, value.length());
        return live.isCharacter() && length > live.maxLength() ? Message.BACKFILL_TOO_LONG.format(length) : null;
    }

    /**
     * Whether two texts of a default are the same literal: compared without surrounding parentheses,
     * spaces and case, which catalogs add or drop as they please.
     */
    static boolean sameText(String catalogDefault, String backfill) {
        return bare(catalogDefault).equals(bare(backfill));
    }

    private static String bare(String sql) {
        String s = sql.strip();
        while (s.length() > 1 && s.startsWith("(") && s.endsWith(")")) {
            s = s.substring(1, s.length() - 1).strip();
        }
        return s.toLowerCase(Locale.ROOT);
    }
}
