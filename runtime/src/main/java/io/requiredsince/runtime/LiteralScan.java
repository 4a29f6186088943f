package io.requiredsince.runtime;

/**
 * Tells a single SQL literal from anything else, in one pass over the text: a string ({@code 'free'},
 * {@code 'O''Brien'}), a number ({@code 0}, {@code -1}, {@code 2.5}, {@code 1e3}), {@code true} or
 * {@code false}, or a typed date/time string ({@code DATE '2020-01-01'}), with blanks around it.
 * Keywords and the exponent's {@code e} match in any ASCII case, and blanks are {@code [ \t\n\x0B\f\r]},
 * as in the regular expression this replaces; a backtracking regex recursed once per character of a
 * string literal and overflowed the stack on a few kilobytes.
 */
final class LiteralScan {

    private final String sql;
    private int pos;

    private LiteralScan(String sql) {
        this.sql = sql;
    }

    static boolean isLiteral(String sql) {
        LiteralScan scan = new LiteralScan(sql);
        scan.skipBlanks();
        if (!scan.literal()) {
            return false;
        }
        scan.skipBlanks();
        return scan.pos == sql.length();
    }

    private boolean literal() {
        if (pos >= sql.length()) {
            return false;
        }
        char c = sql.charAt(pos);
        if (c == '\'') {
            return string(true);
        }
        if (c == '+' || c == '-' || c == '.' || isDigit(c)) {
            return number();
        }
        int start = pos;
        while (pos < sql.length() && isAsciiLetter(sql.charAt(pos))) {
            pos++;
        }
        String word = asciiLower(sql.substring(start, pos));
        if (word.equals("true") || word.equals("false")) {
            return true;
        }
        if (word.equals("date") || word.equals("time") || word.equals("timestamp")) {
            int beforeBlanks = pos;
            skipBlanks();
            // The typed form takes no doubled quote inside: 'it''s' is not one of its values.
            return pos > beforeBlanks && pos < sql.length() && sql.charAt(pos) == '\'' && string(false);
        }
        return false;
    }

    // Past the closing quote; a doubled quote is part of the value only where escapes are allowed.
    private boolean string(boolean doubledQuotes) {
        pos++;
        while (pos < sql.length()) {
            if (sql.charAt(pos) == '\'') {
                if (doubledQuotes && pos + 1 < sql.length() && sql.charAt(pos + 1) == '\'') {
                    pos += 2;
                    continue;
                }
                pos++;
                return true;
            }
            pos++;
        }
        return false;
    }

    // [+-]? (digits ('.' digits?)? | '.' digits) ([eE] [+-]? digits)?
    private boolean number() {
        if (sql.charAt(pos) == '+' || sql.charAt(pos) == '-') {
            pos++;
        }
        if (digits() > 0) {
            if (pos < sql.length() && sql.charAt(pos) == '.') {
                pos++;
                digits();
            }
        } else if (pos < sql.length() && sql.charAt(pos) == '.') {
            pos++;
            if (digits() == 0) {
                return false;
            }
        } else {
            return false;
        }
        if (pos < sql.length() && (sql.charAt(pos) == 'e' || sql.charAt(pos) == 'E')) {
            pos++;
            if (pos < sql.length() && (sql.charAt(pos) == '+' || sql.charAt(pos) == '-')) {
                pos++;
            }
            return digits() > 0;
        }
        return true;
    }

    private int digits() {
        int start = pos;
        while (pos < sql.length() && isDigit(sql.charAt(pos))) {
            pos++;
        }
        return pos - start;
    }

    private void skipBlanks() {
        while (pos < sql.length() && " \t\n\u000B\f\r".indexOf(sql.charAt(pos)) >= 0) {
            pos++;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isAsciiLetter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    // ASCII only: String.toLowerCase would also fold the dotless ı or the long ſ, which the keywords never match.
    private static String asciiLower(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
        }
        return b.toString();
    }
}
