package io.requiredsince.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@link SqlText} finds the string literals the regular expressions it replaces found, without their recursion. */
class SqlTextTest {

    private static final Pattern STRING = Pattern.compile("(?s)\\s*'((?:[^']|'')*)'\\s*");
    private static final Pattern STRING_LITERAL = Pattern.compile("'(?:[^']|'')*'");
    private static final String[] PIECES = {"'", "''", "a", " ", "\t", "\n", "\u000B", "\u00A0", "x || ", "(", ")",
        "\"", "lower(", "random()"};

    @Test
    void agreesWithTheRegularExpressionsOnRandomText() {
        Random random = new Random(7);
        int strings = 0;
        for (int i = 0; i < 100_000; i++) {
            StringBuilder b = new StringBuilder();
            for (int n = random.nextInt(8); n >= 0; n--) {
                b.append(PIECES[random.nextInt(PIECES.length)]);
            }
            String sql = b.toString();
            boolean expected = STRING.matcher(sql).matches();
            assertEquals(expected, SqlText.isStringLiteral(sql), () -> "isStringLiteral(\"" + sql + "\")");
            strings += expected ? 1 : 0;
            if (terminated(sql)) {
                assertEquals(STRING_LITERAL.matcher(sql).replaceAll("''"), SqlText.blankStrings(sql), sql);
            }
        }
        assertTrue(strings > 1_000, "the inputs reach string literals: " + strings);
    }

    @Test
    void aHundredKilobyteLiteralIsRead() {
        String literal = "'" + "it''s ".repeat(20_000) + "'";
        assertTrue(SqlText.isStringLiteral(" " + literal + " "));
        assertEquals("lower('') || ''", SqlText.blankStrings("lower(" + literal + ") || " + literal));
    }

    // An even number of quotes: the regex and the scan differ only on a literal left open, a syntax error.
    private static boolean terminated(String sql) {
        return sql.chars().filter(c -> c == '\'').count() % 2 == 0;
    }
}
