package io.requiredsince.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Only a literal is a constant: a volatile call is never taken for one. */
class BackfillKindTest {

    @ParameterizedTest
    @ValueSource(strings = {"'free'", "'O''Brien'", "''", "0", "-1", "2.5", "1e3", "true", "FALSE",
            "DATE '2020-01-01'", "timestamp '2020-01-01 10:00:00'", " 'padded' "})
    void literalsAreConstants(String sql) {
        assertEquals(Backfill.Kind.CONSTANT, Backfill.of(sql).kind());
    }

    @ParameterizedTest
    @ValueSource(strings = {"random()", "clock_timestamp()", "gen_random_uuid()", "now()", "current_date",
            "lower(name)", "'a' || 'b'", "1 + 1", "null"})
    void anythingElseIsAnExpression(String sql) {
        assertEquals(Backfill.Kind.EXPRESSION, Backfill.of(sql).kind());
    }

    @ParameterizedTest
    @ValueSource(strings = {"random()", "clock_timestamp()", "lower(name)"})
    void aConstantMustBeALiteral(String sql) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Backfill.constant(sql));
        assertTrue(e.getMessage().contains("not a literal") && e.getMessage().contains("Backfill.expression"),
                e.getMessage());
    }

    /** The classification as it was first written, as a regular expression: the scan must accept exactly its set. */
    private static final Pattern REFERENCE = Pattern.compile(
            "(?i)\\s*(?:"
                    + "'(?:[^']|'')*'"
                    + "|[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:e[+-]?\\d+)?"
                    + "|true|false"
                    + "|(?:date|time|timestamp)\\s+'[^']*'"
                    + ")\\s*");

    private static final String[] PIECES = {"'", "''", "a", "e", "E", "1", "09", ".", "+", "-", " ", "\t", "\n",
            "\u000B", "\f", "\u00A0", "date", "DATE", "time", "Timestamp", "true", "FALSE", "tru", "x", "\u0131",
            "\u017F", "\u0660", "(", ")", "||", "null", "2020-01-01", "\\"};

    @Test
    void theScanAcceptsExactlyWhatTheRegularExpressionAccepted() {
        Random random = new Random(42);
        int literals = 0;
        for (int i = 0; i < 200_000; i++) {
            StringBuilder b = new StringBuilder();
            for (int n = random.nextInt(7); n >= 0; n--) {
                b.append(PIECES[random.nextInt(PIECES.length)]);
            }
            String sql = b.toString();
            boolean expected = REFERENCE.matcher(sql).matches();
            assertEquals(expected, Backfill.isLiteral(sql), () -> "isLiteral(\"" + sql + "\")");
            literals += expected ? 1 : 0;
        }
        assertTrue(literals > 1_000, "the inputs reach literals too: " + literals);
    }

    @ParameterizedTest
    @ValueSource(ints = {2_000, 100_000})
    void aLongLiteralIsClassifiedWithoutOverflowingTheStack(int length) {
        String value = "'" + "ab''c".repeat(length / 5) + "'";
        assertEquals(Backfill.Kind.CONSTANT, Backfill.of(value).kind());
        assertEquals(Backfill.Kind.CONSTANT, Backfill.of("DATE '" + "x".repeat(length) + "'").kind());
        assertEquals(Backfill.Kind.EXPRESSION, Backfill.of(value + " || name").kind());
        assertEquals(Backfill.Kind.EXPRESSION, Backfill.of(value.substring(0, value.length() - 1)).kind());
    }
}
