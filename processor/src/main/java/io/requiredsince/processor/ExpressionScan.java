package io.requiredsince.processor;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A fast reader for the expressions most backfills are ({@code lower(name)},
 * {@code coalesce(nickname, 'none')}, {@code price * 2 + 1}): it accepts only a strict subset of what
 * jOOQ's parser accepts, so that the parser, whose start-up costs hundreds of milliseconds, runs only
 * for the rest, and for every error (its message and position are the ones reported).
 *
 * <p>Grammar: {@code expr := unary (('+' | '-' | '*' | '/' | '||') unary)*}, {@code unary := ['-' |
 * '+'] primary}, {@code primary := number | 'string' | ( expr ) | column | true | false |
 * current_date | current_timestamp | f(expr, …) | case | cast}, for the functions of {@link #FUNCTIONS}
 * with their number of arguments; {@code case := CASE [expr] (WHEN cond-or-expr THEN expr)+ [ELSE
 * expr] END}, {@code cond := [NOT]* expr (comparison expr | IS [NOT] NULL) ((AND | OR) cond)*}.
 * {@code cast := CAST(expr AS type)} for a few common types. Anything else (a keyword, NULL, a quoted
 * name, a qualified name, another type, a parenthesised condition, an unknown function) is left to jOOQ. {@code ExpressionScanTest} checks the subset against jOOQ.
 */
final class ExpressionScan {

    /** Functions the scan knows, with their minimum and maximum number of arguments. */
    private static final Map<String, int[]> FUNCTIONS = Map.ofEntries(
            Map.entry("lower", new int[] {1, 1}), Map.entry("upper", new int[] {1, 1}),
            Map.entry("trim", new int[] {1, 1}), Map.entry("ltrim", new int[] {1, 1}),
            Map.entry("rtrim", new int[] {1, 1}), Map.entry("length", new int[] {1, 1}),
            Map.entry("char_length", new int[] {1, 1}), Map.entry("coalesce", new int[] {1, 64}),
            Map.entry("concat", new int[] {1, 64}), Map.entry("abs", new int[] {1, 1}),
            Map.entry("round", new int[] {1, 2}), Map.entry("floor", new int[] {1, 1}),
            Map.entry("ceil", new int[] {1, 1}), Map.entry("nullif", new int[] {2, 2}),
            Map.entry("greatest", new int[] {1, 64}), Map.entry("least", new int[] {1, 64}),
            Map.entry("replace", new int[] {2, 3}), Map.entry("substring", new int[] {2, 3}),
            Map.entry("md5", new int[] {1, 1}), Map.entry("now", new int[] {0, 0}),
            Map.entry("random", new int[] {0, 0}), Map.entry("gen_random_uuid", new int[] {0, 0}),
            Map.entry("mod", new int[] {2, 2}), Map.entry("sign", new int[] {1, 1}),
            Map.entry("sqrt", new int[] {1, 1}), Map.entry("power", new int[] {2, 2}));

    private static final Set<String> CONSTANTS = Set.of("true", "false", "current_date", "current_timestamp");

    /** Words that are SQL, not column names: left to jOOQ wherever they appear. */
    private static final Set<String> KEYWORDS = Set.of(
            "all", "and", "any", "array", "as", "asc", "at", "between", "both", "by", "case", "cast", "collate",
            "current_time", "current_user", "date", "default", "desc", "distinct", "else", "end", "escape",
            "except", "exists", "extract", "false", "filter", "for", "from", "group", "having", "ilike", "in",
            "interval", "intersect", "is", "join", "key", "leading", "like", "limit", "localtime",
            "localtimestamp", "not", "null", "of", "offset", "on", "or", "order", "over", "partition", "position",
            "row", "rows", "select", "session_user", "similar", "some", "table", "then", "time", "timestamp",
            "to", "trailing", "union", "unknown", "user", "using", "values", "when", "where", "window", "with",
            "within", "zone", "level", "rownum", "prior", "connect", "start", "sysdate", "systimestamp");

    /** The types a CAST the scan reads may name, with how many numbers may follow in parentheses. */
    private static final Map<String, Integer> CAST_TYPES = Map.ofEntries(
            Map.entry("varchar", 1), Map.entry("char", 1), Map.entry("text", 0), Map.entry("int", 0),
            Map.entry("integer", 0), Map.entry("bigint", 0), Map.entry("smallint", 0), Map.entry("decimal", 2),
            Map.entry("numeric", 2), Map.entry("real", 0), Map.entry("double", 0), Map.entry("boolean", 0),
            Map.entry("date", 0));

    /** Two-character operators first, so that {@code <=} is not read as {@code <}. */
    private static final List<String> COMPARISONS = List.of("<>", "!=", "<=", ">=", "=", "<", ">");

    /** Deeper nesting is left to jOOQ: the scan recurses once per level, and must not exhaust javac's stack. */
    private static final int MAX_DEPTH = 100;

    private final String sql;
    private int pos;
    private int depth;
    private final TreeSet<String> columns = new TreeSet<>();

    private ExpressionScan(String sql) {
        this.sql = sql;
    }

    /**
     * The columns {@code sql} refers to, when it is an expression this scan reads; empty when it is
     * not (jOOQ's parser then decides).
     */
    static Optional<List<String>> columnsIfSimple(String sql) {
        ExpressionScan scan = new ExpressionScan(sql);
        try {
            if (scan.expr() && scan.atEnd()) {
                return Optional.of(List.copyOf(scan.columns));
            }
        } catch (IndexOutOfBoundsException | NumberFormatException e) {
            // unreadable here: jOOQ decides
        }
        return Optional.empty();
    }

    private boolean expr() {
        if (!unary()) {
            return false;
        }
        while (true) {
            skipSpace();
            if (sql.startsWith("||", pos)) {
                pos += 2;
            } else if (pos < sql.length() && "+-*/".indexOf(sql.charAt(pos)) >= 0
                    && !sql.startsWith("--", pos) && !sql.startsWith("/*", pos)) {
                pos++;
            } else {
                return true;
            }
            if (!unary()) {
                return false;
            }
        }
    }

    private boolean unary() {
        skipSpace();
        if (pos < sql.length() && (sql.charAt(pos) == '-' || sql.charAt(pos) == '+') && !sql.startsWith("--", pos)) {
            pos++;
            skipSpace();
        }
        return primary();
    }

    private boolean primary() {
        skipSpace();
        if (pos >= sql.length()) {
            return false;
        }
        char c = sql.charAt(pos);
        if (c == '\'') {
            return string();
        }
        if (isAsciiDigit(c) || c == '.') {
            return number();
        }
        if (c == '(') {
            pos++;
            if (++depth > MAX_DEPTH || !expr()) {
                return false;
            }
            depth--;
            skipSpace();
            return take(')');
        }
        if (isIdentifierStart(c)) {
            String word = identifier();
            String lower = word.toLowerCase(Locale.ROOT);
            if (lower.equals("case")) {
                return caseExpression();
            }
            if (lower.equals("cast")) {
                return cast();
            }
            int afterWord = pos;
            skipSpace();
            if (pos < sql.length() && sql.charAt(pos) == '(') {
                return call(lower);
            }
            pos = afterWord;
            if (pos < sql.length() && sql.charAt(pos) == '.') {
                return false; // a qualified name
            }
            if (CONSTANTS.contains(lower)) {
                return true;
            }
            if (KEYWORDS.contains(lower) || FUNCTIONS.containsKey(lower)) {
                return false;
            }
            columns.add(word);
            return true;
        }
        return false;
    }

    /**
     * {@code CASE [operand] WHEN … THEN expr … [ELSE expr] END}, after the word CASE; with an operand
     * each WHEN takes an expression, without one a condition.
     */
    private boolean caseExpression() {
        if (++depth > MAX_DEPTH) {
            return false;
        }
        boolean searched = isWord("when");
        if (!searched && !expr()) {
            return false;
        }
        if (!isWord("when")) {
            return false;
        }
        while (word("when")) {
            if (!(searched ? condition() : expr()) || !word("then") || !expr()) {
                return false;
            }
        }
        if (word("else") && !expr()) {
            return false;
        }
        depth--;
        return word("end");
    }

    /** {@code CAST(expr AS type)}, after the word CAST, for the types of {@link #CAST_TYPES}. */
    private boolean cast() {
        skipSpace();
        if (!take('(') || ++depth > MAX_DEPTH || !expr() || !word("as")) {
            return false;
        }
        skipSpace();
        String type = identifier().toLowerCase(Locale.ROOT);
        if (type.equals("double") && !word("precision")) {
            return false;
        }
        Integer arguments = CAST_TYPES.get(type);
        if (arguments == null) {
            return false;
        }
        skipSpace();
        if (arguments > 0 && take('(')) {
            int given = 0;
            do {
                skipSpace();
                int digits = pos;
                while (pos < sql.length() && isAsciiDigit(sql.charAt(pos))) {
                    pos++;
                }
                if (pos == digits) {
                    return false;
                }
                given++;
                skipSpace();
            } while (take(','));
            if (given > arguments || !take(')')) {
                return false;
            }
        }
        skipSpace();
        depth--;
        return take(')');
    }

    /** {@code [NOT]* predicate ((AND | OR) [NOT]* predicate)*}: which binds tighter does not change what is accepted. */
    private boolean condition() {
        do {
            boolean negated = word("not");
            while (negated) {
                negated = word("not");
            }
            if (!predicate()) {
                return false;
            }
        } while (word("and") || word("or"));
        return true;
    }

    /** {@code expr (= | <> | != | < | <= | > | >=) expr}, or {@code expr IS [NOT] NULL}. */
    private boolean predicate() {
        if (!expr()) {
            return false;
        }
        skipSpace();
        if (word("is")) {
            word("not");
            return word("null");
        }
        for (String op : COMPARISONS) {
            if (sql.startsWith(op, pos)) {
                pos += op.length();
                return expr();
            }
        }
        return false;
    }

    /** Takes the letters, digits and underscores from here on (none at all when none is here). */
    private String identifier() {
        int start = pos;
        while (pos < sql.length() && isIdentifierPart(sql.charAt(pos))) {
            pos++;
        }
        return sql.substring(start, pos);
    }

    /** Whether the next word is {@code w} (any case), without taking it. */
    private boolean isWord(String w) {
        skipSpace();
        int end = pos + w.length();
        if (end > sql.length()) {
            return false;
        }
        // ASCII only, as jOOQ's parser folds case: regionMatches would take 'ı' or 'ſ' for 'i' or 's'.
        for (int i = 0; i < w.length(); i++) {
            char c = sql.charAt(pos + i);
            if (c >= 128 || Character.toLowerCase(c) != w.charAt(i)) {
                return false;
            }
        }
        return end >= sql.length() || !isIdentifierPart(sql.charAt(end));
    }

    /** Takes the next word when it is {@code w}. */
    private boolean word(String w) {
        if (isWord(w)) {
            pos += w.length();
            return true;
        }
        return false;
    }

    private boolean call(String function) {
        int[] arity = FUNCTIONS.get(function);
        if (arity == null) {
            return false;
        }
        pos++; // (
        if (++depth > MAX_DEPTH) {
            return false;
        }
        skipSpace();
        int arguments = 0;
        if (!take(')')) {
            do {
                if (!expr()) {
                    return false;
                }
                arguments++;
                skipSpace();
            } while (take(','));
            if (!take(')')) {
                return false;
            }
        }
        depth--;
        return arguments >= arity[0] && arguments <= arity[1];
    }

    private boolean string() {
        pos++; // '
        while (pos < sql.length()) {
            if (sql.charAt(pos) == '\'') {
                if (pos + 1 < sql.length() && sql.charAt(pos + 1) == '\'') {
                    pos += 2;
                    continue;
                }
                pos++;
                return true;
            }
            pos++;
        }
        return false; // unterminated: jOOQ reports it
    }

    private boolean number() {
        int start = pos;
        while (pos < sql.length() && isAsciiDigit(sql.charAt(pos))) {
            pos++;
        }
        if (pos < sql.length() && sql.charAt(pos) == '.') {
            pos++;
            while (pos < sql.length() && isAsciiDigit(sql.charAt(pos))) {
                pos++;
            }
        }
        String digits = sql.substring(start, pos);
        // No exponent, no digit glued to a letter (1e3, 2abc): jOOQ decides those.
        return !digits.equals(".") && (pos >= sql.length() || !isIdentifierPart(sql.charAt(pos)) && sql.charAt(pos) != '.');
    }

    private boolean take(char c) {
        if (pos < sql.length() && sql.charAt(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }

    private void skipSpace() {
        while (pos < sql.length() && (sql.charAt(pos) == ' ' || sql.charAt(pos) == '\t' || sql.charAt(pos) == '\n'
                || sql.charAt(pos) == '\r')) {
            pos++;
        }
    }

    private boolean atEnd() {
        skipSpace();
        return pos == sql.length();
    }

    /** 0 to 9 only: jOOQ's parser reads no other digits, where {@link Character#isDigit} takes any script's. */
    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isIdentifierStart(char c) {
        return c < 128 && (Character.isLetter(c) || c == '_');
    }

    private static boolean isIdentifierPart(char c) {
        return c < 128 && (Character.isLetterOrDigit(c) || c == '_');
    }
}
