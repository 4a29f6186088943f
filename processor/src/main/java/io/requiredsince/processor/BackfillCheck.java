package io.requiredsince.processor;

import io.requiredsince.runtime.SqlType;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The checks on a backfill that need no database: NULL, placeholders, a literal that cannot fit the
 * column, a default that could not be one. Expressions that are not literals are checked for syntax
 * and, when they are to stay as the default, for what they refer to; nothing else.
 */
final class BackfillCheck {

    /** A problem found, with its message's arguments; javac points at the backfill. */
    record Problem(Message message, Object... args) {
    }

    /**
     * The column the backfill is for.
     *
     * @param column {@code schema.table.column}
     * @param type the column type
     * @param javaType the field's Java type, as written in messages
     * @param javaKind the type family of the Java type, when it has one (also with an explicit SQL type)
     * @param enumConstants the constants of an enum field, else empty
     * @param keepDefault whether the backfill stays as the default
     */
    record Target(String column, SqlType type, String javaType, Optional<SqlType.Kind> javaKind,
                  List<String> enumConstants, boolean keepDefault) {
    }

    private static final Pattern NULL = Pattern.compile(
            "(?is)\\s*\\(*\\s*(?:null|cast\\s*\\(\\s*null\\s+as\\s+[^)]+\\)|null\\s*::\\s*[\\w\\s(),]+)\\s*\\)*\\s*");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\[\\[[^\\]]*\\]\\]|\\b(?:TODO|FIXME|CHANGEME|UPDATEME)\\b");
    private static final Pattern VOLATILE = Pattern.compile("(?i)\\b(random|rand|gen_random_uuid|uuid_generate_v1|"
            + "uuid_generate_v1mc|uuid_generate_v4|uuid|uuid_short|random_uuid|newid|clock_timestamp|timeofday|"
            + "sysdate|randomblob)\\s*\\(");
    private static final Pattern TYPED = Pattern.compile("(?is)\\s*(date|time|timestamp)\\s+'([^']*)'\\s*");
    private static final Pattern INTEGER = Pattern.compile("\\s*[+-]?\\d+\\s*");
    private static final Pattern UUID = Pattern.compile("(?i)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern TIME_OF_DAY = Pattern.compile("(\\d{2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d{0,9}))?)?");
    private static final Pattern TIMESTAMP = Pattern.compile(
            "(\\d{4}-\\d{2}-\\d{2})(?:[ T](\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d{1,9})?)?))?(?:\\s*(?:Z|[+-]\\d{2}(?::?\\d{2})?))?");

    private BackfillCheck() {
    }

    /** Every problem of {@code backfill} (not blank) for {@code target}; empty when it is fine. */
    static List<Problem> check(String backfill, Target target) {
        List<Problem> problems = new ArrayList<>();
        String example = example(target);
        if (NULL.matcher(backfill).matches()) {
            problems.add(new Problem(Message.NULL_BACKFILL, target.column(), example));
            return problems;
        }
        boolean enumConstant = SqlText.isStringLiteral(backfill)
                && target.enumConstants().contains(unquote(backfill));
        Matcher placeholder = PLACEHOLDER.matcher(backfill);
        if (!enumConstant && placeholder.find()) {
            problems.add(new Problem(Message.PLACEHOLDER_BACKFILL, backfill, placeholder.group(), example));
            return problems;
        }
        if (BackfillSql.isLiteral(backfill)) {
            literalFit(backfill.strip(), target).ifPresent(problems::add);
            return problems;
        }
        BackfillSql.Analysis analysis = BackfillSql.analyze(backfill);
        if (analysis.tooDeep()) {
            problems.add(new Problem(Message.BACKFILL_TOO_DEEP, backfill, example));
            return problems;
        }
        if (analysis.syntaxError().isPresent()) {
            BackfillSql.SyntaxError e = analysis.syntaxError().get();
            problems.add(new Problem(Message.INVALID_BACKFILL_SQL, backfill, e.message(), e.position(), example));
            return problems;
        }
        if (target.keepDefault()) {
            if (!analysis.references().isEmpty()) {
                problems.add(new Problem(Message.DEFAULT_REFERENCES_COLUMNS, backfill, target.column(),
                        String.join(", ", analysis.references()), example));
                return problems;
            }
            Matcher call = VOLATILE.matcher(SqlText.blankStrings(backfill));
            if (call.find()) {
                problems.add(new Problem(Message.VOLATILE_KEEP_DEFAULT, backfill, call.group(1), target.column()));
            }
        }
        return problems;
    }

    /** Whether a literal can go into the column; empty when it can (or when the type is the user's own SQL). */
    private static Optional<Problem> literalFit(String literal, Target t) {
        if (t.javaKind().isEmpty()) {
            return Optional.empty(); // an explicit SQL type for a Java type we do not know: the database decides
        }
        boolean explicit = t.type().kind() == SqlType.Kind.EXPLICIT;
        String what = describe(literal);
        String example = example(t);
        Matcher typed = TYPED.matcher(literal);
        boolean string = SqlText.isStringLiteral(literal);
        SqlType.Kind kind = t.javaKind().get();
        switch (kind) {
            case VARCHAR, CHAR -> {
                if (!string) {
                    return wrongKind(literal, what, t, "a string in single quotes", example);
                }
                String value = unquote(literal);
                if (!t.enumConstants().isEmpty()) {
                    return t.enumConstants().contains(value) ? Optional.empty()
                            : Optional.of(new Problem(Message.BACKFILL_NOT_A_CONSTANT, literal, t.javaType(),
                                    t.column(), String.join(", ", t.enumConstants())));
                }
                int length = value.codePointCount(0, value.length());
                if (!explicit && length > t.type().length()) {
                    return Optional.of(new Problem(Message.BACKFILL_TOO_LONG, literal, length, t.column(), t.type(),
                            length));
                }
                return Optional.empty();
            }
            case BOOLEAN -> {
                return isBoolean(literal) ? Optional.empty() : wrongKind(literal, what, t, "true or false", example);
            }
            case SMALLINT, INTEGER, BIGINT -> {
                if (!INTEGER.matcher(literal).matches()) {
                    return wrongKind(literal, what, t, "an integer", example);
                }
                BigDecimal value = new BigDecimal(literal.strip());
                long[] range = integerRange(t.javaType());
                if (value.compareTo(BigDecimal.valueOf(range[0])) < 0 || value.compareTo(BigDecimal.valueOf(range[1])) > 0) {
                    return Optional.of(new Problem(Message.BACKFILL_OUT_OF_RANGE, literal, t.column(), t.type(),
                            t.javaType(), "values from " + range[0] + " to " + range[1]));
                }
                return Optional.empty();
            }
            case REAL, DOUBLE, DECIMAL -> {
                if (string || typed.matches() || isBoolean(literal)) {
                    return wrongKind(literal, what, t, "a number", example);
                }
                if (kind == SqlType.Kind.DECIMAL && !explicit) {
                    BigDecimal value = new BigDecimal(literal.strip()).stripTrailingZeros();
                    int integerDigits = Math.max(0, value.precision() - value.scale());
                    int allowed = t.type().precision() - t.type().scale();
                    if (integerDigits > allowed) {
                        return Optional.of(new Problem(Message.BACKFILL_OUT_OF_RANGE, literal, t.column(), t.type(),
                                t.javaType(), "at most " + allowed + " digits before the decimal point"));
                    }
                }
                return Optional.empty();
            }
            case UUID -> {
                if (!string) {
                    return wrongKind(literal, what, t, "a UUID in single quotes", example);
                }
                return UUID.matcher(unquote(literal)).matches() ? Optional.empty()
                        : malformed(literal, "UUID", t, example);
            }
            case DATE, TIME, TIMESTAMP, TIMESTAMP_WITH_TIME_ZONE -> {
                String value;
                if (string) {
                    value = unquote(literal);
                } else if (typed.matches() && compatible(typed.group(1), kind)) {
                    value = typed.group(2);
                } else {
                    return wrongKind(literal, what, t, "a " + temporal(kind) + " in single quotes", example);
                }
                return validTemporal(value.strip(), kind) ? Optional.empty()
                        : malformed(literal, temporal(kind), t, example);
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    private static boolean compatible(String typedKeyword, SqlType.Kind kind) {
        String k = typedKeyword.toLowerCase(Locale.ROOT);
        return switch (kind) {
            case DATE -> k.equals("date");
            case TIME -> k.equals("time");
            default -> k.equals("timestamp") || k.equals("date");
        };
    }

    // Read by hand, not by LocalDate.parse: java.time's formatters cost javac tens of milliseconds to start.
    static boolean validTemporal(String value, SqlType.Kind kind) {
        try {
            if (kind == SqlType.Kind.TIME) {
                return validTime(value);
            }
            Matcher m = TIMESTAMP.matcher(value);
            if (!m.matches() || kind == SqlType.Kind.DATE && m.end(1) != value.length()) {
                return false;
            }
            String date = m.group(1);
            LocalDate.of(Integer.parseInt(date.substring(0, 4)), Integer.parseInt(date.substring(5, 7)),
                    Integer.parseInt(date.substring(8, 10)));
            return m.group(2) == null || validTime(m.group(2));
        } catch (DateTimeException e) {
            return false;
        }
    }

    /** {@code HH:mm[:ss[.[fffffffff]]]}, as {@code LocalTime.parse} reads it. */
    private static boolean validTime(String value) {
        Matcher m = TIME_OF_DAY.matcher(value);
        if (!m.matches()) {
            return false;
        }
        String fraction = m.group(4) == null ? "" : m.group(4);
        LocalTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                m.group(3) == null ? 0 : Integer.parseInt(m.group(3)),
                fraction.isEmpty() ? 0 : Integer.parseInt((fraction + "00000000").substring(0, 9)));
        return true;
    }

    private static String temporal(SqlType.Kind kind) {
        return switch (kind) {
            case DATE -> "date";
            case TIME -> "time";
            default -> "timestamp";
        };
    }

    private static long[] integerRange(String javaType) {
        return switch (javaType) {
            case "byte", "java.lang.Byte" -> new long[] {Byte.MIN_VALUE, Byte.MAX_VALUE};
            case "short", "java.lang.Short" -> new long[] {Short.MIN_VALUE, Short.MAX_VALUE};
            case "int", "java.lang.Integer" -> new long[] {Integer.MIN_VALUE, Integer.MAX_VALUE};
            default -> new long[] {Long.MIN_VALUE, Long.MAX_VALUE};
        };
    }

    private static Optional<Problem> wrongKind(String literal, String what, Target t, String expected, String example) {
        return Optional.of(new Problem(Message.BACKFILL_WRONG_KIND, literal, what, t.column(), t.type(), t.javaType(),
                expected, example));
    }

    private static Optional<Problem> malformed(String literal, String what, Target t, String example) {
        return Optional.of(new Problem(Message.BACKFILL_MALFORMED_VALUE, literal, what, t.column(), t.javaType(), example));
    }

    /** What kind of literal the user wrote, in words. */
    private static String describe(String literal) {
        if (SqlText.isStringLiteral(literal)) {
            return "a string";
        }
        Matcher typed = TYPED.matcher(literal);
        if (typed.matches()) {
            return "a " + typed.group(1).toUpperCase(Locale.ROOT) + " literal";
        }
        if (isBoolean(literal)) {
            return "a boolean";
        }
        return INTEGER.matcher(literal).matches() ? "an integer" : "a decimal number";
    }

    /** A backfill literal that fits the target, for messages that suggest what to write. */
    static String example(Target t) {
        if (!t.enumConstants().isEmpty()) {
            return "'" + t.enumConstants().get(0) + "'";
        }
        return t.javaKind().map(k -> SqlTypeModel.exampleLiteral(k)).orElse("'…'");
    }

    private static String unquote(String literal) {
        String s = literal.strip();
        return s.substring(1, s.length() - 1).replace("''", "'");
    }

    private static boolean isBoolean(String literal) {
        String lower = literal.strip().toLowerCase(Locale.ROOT);
        return lower.equals("true") || lower.equals("false");
    }
}
