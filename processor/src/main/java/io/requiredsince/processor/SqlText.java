package io.requiredsince.processor;

/**
 * String literals in SQL text, found in one pass: a regular expression such as
 * {@code '(?:[^']|'')*'} recurses once per character of the literal in java.util.regex, and a
 * backfill of a few kilobytes overflowed the stack of javac itself.
 */
final class SqlText {

    private SqlText() {
    }

    /** Whether {@code sql}, blanks around it aside, is one string literal ({@code 'O''Brien'}). */
    static boolean isStringLiteral(String sql) {
        int from = 0;
        int to = sql.length();
        while (from < to && isBlank(sql.charAt(from))) {
            from++;
        }
        while (to > from && isBlank(sql.charAt(to - 1))) {
            to--;
        }
        if (to - from < 2 || sql.charAt(from) != '\'' || sql.charAt(to - 1) != '\'') {
            return false;
        }
        for (int i = from + 1; i < to - 1; i++) {
            if (sql.charAt(i) == '\'') {
                if (i + 1 >= to - 1 || sql.charAt(i + 1) != '\'') {
                    return false;
                }
                i++;
            }
        }
        return true;
    }

    /** {@code sql} with every terminated string literal replaced by {@code ''}: names inside strings are not names. */
    static String blankStrings(String sql) {
        StringBuilder b = new StringBuilder(sql.length());
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c != '\'') {
                b.append(c);
                i++;
                continue;
            }
            int end = closingQuote(sql, i);
            if (end < 0) {
                b.append(sql, i, sql.length()); // unterminated: the parser reports it
                break;
            }
            b.append("''");
            i = end + 1;
        }
        return b.toString();
    }

    // The index of the quote that closes the literal opened at start, or -1.
    private static int closingQuote(String sql, int start) {
        for (int i = start + 1; i < sql.length(); i++) {
            if (sql.charAt(i) == '\'') {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == '\'') {
                    i++;
                } else {
                    return i;
                }
            }
        }
        return -1;
    }

    // What \s matches in java.util.regex without UNICODE_CHARACTER_CLASS.
    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
    }
}
