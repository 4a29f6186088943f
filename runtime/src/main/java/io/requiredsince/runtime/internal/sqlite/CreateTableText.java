package io.requiredsince.runtime.internal.sqlite;

import io.requiredsince.runtime.internal.Sql;
import io.requiredsince.runtime.internal.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Edits the original {@code CREATE TABLE} text of {@code sqlite_master} for the rebuild: every
 * other column definition, table constraint and table option kept verbatim; the target column's
 * definition keeps its type, collation and other constraints, loses its NULL / NOT NULL / DEFAULT
 * clauses and gets {@code not null} (and {@code default (k)} when keepDefault; a default the column
 * had before the migration stays instead). A small lexer of
 * SQLite's tokens (words, quoted names, strings, punctuation, comments) is all it needs.
 */
final class CreateTableText {

    private static final Set<String> TABLE_CONSTRAINTS = Set.of("CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN");

    private final Sql sql;
    private final Target target;

    CreateTableText(Sql sql, Target target) {
        this.sql = sql;
        this.target = target;
    }

    private String quoted(String name) {
        return sql.quoted(name);
    }

    /** The original CREATE TABLE with the new name and the target column's definition made NOT NULL. */
    String newCreateTable(String original, String newTable, boolean columnPresent) {
        List<Token> tokens = Token.lex(original);
        int open = -1;
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.get(i).is("(")) {
                open = i;
                break;
            }
        }
        if (open < 0) {
            throw new IllegalStateException("Cannot read the column list of " + original);
        }
        int close = matching(tokens, open);
        List<String> pieces = new ArrayList<>();
        int lastColumn = -1;
        int from = tokens.get(open).end;
        for (int i = open + 1; i <= close; i++) {
            Token t = tokens.get(i);
            if (t.is("(")) {
                i = matching(tokens, i);
                continue;
            }
            if (t.is(",") || i == close) {
                String piece = original.substring(from, t.start).strip();
                List<Token> pt = Token.lex(piece);
                boolean constraint = pt.get(0).kind == Token.WORD
                        && TABLE_CONSTRAINTS.contains(pt.get(0).text.toUpperCase(Locale.ROOT));
                if (!constraint) {
                    lastColumn = pieces.size();
                    if (pt.get(0).name().equalsIgnoreCase(target.column())) {
                        piece = requiredDefinition(piece);
                    }
                }
                pieces.add(piece);
                from = t.end;
            }
        }
        if (!columnPresent) {
            pieces.add(lastColumn + 1, requiredDefinition(addedDefinition()));
        }
        return "create table " + quoted(newTable) + " (" + String.join(", ", pieces) + ")"
                + original.substring(tokens.get(close).end);
    }

    /** The column definition exactly as the "add column" step writes it into sqlite_master. */
    private String addedDefinition() {
        String add = sql.addColumn(target, false);
        List<Token> tokens = Token.lex(add);
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.get(i).isWord("add")) {
                int start = i + 1 < tokens.size() && tokens.get(i + 1).isWord("column") ? i + 2 : i + 1;
                return add.substring(tokens.get(start).start).strip();
            }
        }
        throw new IllegalStateException("Unexpected ADD COLUMN rendering: " + add);
    }

    /**
     * {@code definition} without NULL, NOT NULL and DEFAULT, then NOT NULL (and the default when kept).
     * A column that had a default of its own before the migration keeps its DEFAULT clause as written.
     */
    String requiredDefinition(String definition) {
        boolean ownDefault = target.prior().hadDefault();
        List<Token> tokens = Token.lex(definition);
        StringBuilder kept = new StringBuilder();
        int copied = 0;
        for (int i = 1; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.is("(")) {
                i = matching(tokens, i);
                continue;
            }
            boolean afterSet = tokens.get(i - 1).isWord("set"); // ON DELETE SET NULL / SET DEFAULT
            int start = i;
            int at = i;
            if (t.isWord("constraint") && i + 2 < tokens.size()
                    && (tokens.get(i + 2).isWord("not") || tokens.get(i + 2).isWord("null")
                    || tokens.get(i + 2).isWord("default"))) {
                at = i + 2;
            }
            Token c = tokens.get(at);
            int end;
            if (!afterSet && c.isWord("not") && at + 1 < tokens.size() && tokens.get(at + 1).isWord("null")) {
                end = conflictClause(tokens, at + 2);
            } else if (!afterSet && c.isWord("null")) {
                end = conflictClause(tokens, at + 1);
            } else if (!afterSet && !ownDefault && c.isWord("default") && at + 1 < tokens.size()) {
                int v = at + 1;
                if (tokens.get(v).is("(")) {
                    v = matching(tokens, v);
                } else if ((tokens.get(v).is("-") || tokens.get(v).is("+")) && v + 1 < tokens.size()) {
                    v++;
                }
                end = v + 1;
            } else {
                continue;
            }
            int cut = tokens.get(start).start;
            while (cut > copied && Character.isWhitespace(definition.charAt(cut - 1))) {
                cut--;
            }
            kept.append(definition, copied, cut);
            copied = tokens.get(end - 1).end;
            i = end - 1;
        }
        kept.append(definition.substring(copied));
        String result = kept.toString().strip() + " not null";
        if (target.spec().keepDefault() && !ownDefault) {
            result += " default (" + target.spec().backfill().sql() + ")";
        }
        return result;
    }

    // After NOT NULL / NULL: an optional ON CONFLICT <algorithm>. Returns the index after the clause.
    private static int conflictClause(List<Token> tokens, int i) {
        if (i + 2 < tokens.size() && tokens.get(i).isWord("on") && tokens.get(i + 1).isWord("conflict")) {
            return i + 3;
        }
        return i;
    }

    private static int matching(List<Token> tokens, int open) {
        int depth = 0;
        for (int i = open; i < tokens.size(); i++) {
            if (tokens.get(i).is("(")) {
                depth++;
            } else if (tokens.get(i).is(")") && --depth == 0) {
                return i;
            }
        }
        throw new IllegalStateException("Unbalanced parentheses");
    }

    /** A token of SQLite's SQL: word, quoted name or string, or one punctuation character. */
    record Token(int kind, String text, int start, int end) {
        static final int WORD = 0;
        static final int QUOTED = 1;
        static final int STRING = 2;
        static final int PUNCT = 3;

        boolean is(String punct) {
            return kind == PUNCT && text.equals(punct);
        }

        boolean isWord(String word) {
            return kind == WORD && text.equalsIgnoreCase(word);
        }

        /** The identifier this token spells, quotes removed. */
        String name() {
            if (kind == WORD) {
                return text;
            }
            char q = text.charAt(0);
            String inner = text.substring(1, text.length() - 1);
            return q == '[' ? inner : inner.replace("" + q + q, "" + q);
        }

        static List<Token> lex(String s) {
            List<Token> tokens = new ArrayList<>();
            int i = 0;
            int n = s.length();
            while (i < n) {
                char c = s.charAt(i);
                if (Character.isWhitespace(c)) {
                    i++;
                } else if (c == '-' && i + 1 < n && s.charAt(i + 1) == '-') {
                    int e = s.indexOf('\n', i);
                    i = e < 0 ? n : e + 1;
                } else if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
                    int e = s.indexOf("*/", i + 2);
                    i = e < 0 ? n : e + 2;
                } else if (c == '\'' || c == '"' || c == '`' || c == '[') {
                    char close = c == '[' ? ']' : c;
                    int j = i + 1;
                    while (j < n) {
                        if (s.charAt(j) == close) {
                            if (close != ']' && j + 1 < n && s.charAt(j + 1) == close) {
                                j += 2;
                                continue;
                            }
                            break;
                        }
                        j++;
                    }
                    int end = Math.min(j + 1, n);
                    tokens.add(new Token(c == '\'' ? STRING : QUOTED, s.substring(i, end), i, end));
                    i = end;
                } else if (Character.isLetterOrDigit(c) || c == '_' || c == '$' || c > 127) {
                    int j = i;
                    while (j < n && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_'
                            || s.charAt(j) == '$' || s.charAt(j) > 127 || s.charAt(j) == '.'
                            && j > i && Character.isDigit(s.charAt(i)))) {
                        j++;
                    }
                    tokens.add(new Token(WORD, s.substring(i, j), i, j));
                    i = j;
                } else {
                    tokens.add(new Token(PUNCT, String.valueOf(c), i, i + 1));
                    i++;
                }
            }
            return tokens;
        }
    }
}
