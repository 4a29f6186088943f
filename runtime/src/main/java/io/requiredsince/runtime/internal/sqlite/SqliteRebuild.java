package io.requiredsince.runtime.internal.sqlite;

import io.requiredsince.runtime.internal.BackfillAction;
import io.requiredsince.runtime.internal.Message;
import io.requiredsince.runtime.internal.Sql;
import io.requiredsince.runtime.internal.Step;
import io.requiredsince.runtime.internal.StepContext;
import io.requiredsince.runtime.internal.Target;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jooq.impl.DSL;

/**
 * The table rebuild of sqlite.org/lang_altertable.html §"Making Other Kinds Of Table Schema
 * Changes", the only way before SQLite 3.53 to make an existing column NOT NULL, and on every
 * version the only way to add or drop a column's default. Rendered from the live schema:
 *
 * <ol>
 *   <li>{@code pragma foreign_keys = off} (when on) and {@code pragma legacy_alter_table = on} (when
 *       off), outside the transaction: the first is a no-op inside one; the second lets the rename
 *       below leave the views that name the table alone instead of failing on them;</li>
 *   <li>{@code begin};</li>
 *   <li>{@code create table} the new table from the original {@code CREATE TABLE} text of
 *       {@code sqlite_master}: every other column definition, table constraint (PRIMARY KEY, UNIQUE,
 *       CHECK, FOREIGN KEY) and table option kept verbatim; the target column's definition keeps
 *       its type, collation and other constraints, loses its NULL / NOT NULL / DEFAULT clauses and
 *       gets {@code not null} (and {@code default (k)} when keepDefault);</li>
 *   <li>{@code insert into new (…) select …, coalesce(col, backfill) from old};</li>
 *   <li>{@code drop table old}; {@code alter table new rename to old}; the AUTOINCREMENT counter
 *       put back; the table's indexes and triggers created again from their {@code sqlite_master}
 *       text (views are untouched and see the new table under the old name);</li>
 *   <li>a query on {@code pragma_foreign_key_check} for the table as child or parent: any row it
 *       returns fails the step;</li>
 *   <li>{@code commit}, then the two pragmas back as they were.</li>
 * </ol>
 *
 * A failure anywhere rolls the transaction back: the table is as it was.
 */
final class SqliteRebuild implements Step.Action {

    private static final String BEGIN = "begin";
    private static final String COMMIT = "commit";
    private static final Set<String> TABLE_CONSTRAINTS = Set.of("CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN");

    private final Sql sql;
    private final Target target;
    private final boolean fills;

    /**
     * @param fills whether the copy gives the rows still NULL their value (a SQL backfill before
     *     3.53, with no batched walk before it): the step then counts and checks those rows
     */
    SqliteRebuild(Sql sql, Target target, boolean fills) {
        this.sql = sql;
        this.target = target;
        this.fills = fills;
    }

    /** What {@link Step#sql()} says of this step; the statements themselves come from {@link #render}. */
    @Override
    public String summary() {
        return "-- rebuild of table " + quoted(target.table()) + " with " + quoted(target.column())
                + " NOT NULL, statements rendered from the live schema";
    }

    @Override
    public List<String> render(Connection connection) throws SQLException {
        if (target.schema() != null && !target.schema().equalsIgnoreCase("main")) {
            throw Message.REBUILD_SCHEMA.failure(target.schema());
        }
        String table = target.table();
        String newTable = "requiredsince_new_" + table;
        String create = createTableSql(connection, table);
        List<String> columns = insertableColumns(connection, table);
        boolean columnPresent = columns.stream().anyMatch(c -> c.equalsIgnoreCase(target.column()));

        List<String> statements = new ArrayList<>();
        boolean foreignKeys = pragma(connection, "foreign_keys");
        boolean legacyAlter = pragma(connection, "legacy_alter_table");
        if (foreignKeys) {
            statements.add("pragma foreign_keys = off");
        }
        if (!legacyAlter) {
            statements.add("pragma legacy_alter_table = on");
        }
        statements.add(BEGIN);
        statements.add(newCreateTable(create, newTable, columnPresent));

        List<String> insert = new ArrayList<>();
        List<String> select = new ArrayList<>();
        for (String c : columns) {
            insert.add(quoted(c));
            select.add(c.equalsIgnoreCase(target.column()) ? coalesce() : quoted(c));
        }
        if (!columnPresent) {
            insert.add(quoted(target.column()));
            select.add(coalesce());
        }
        statements.add("insert into " + quoted(newTable) + " (" + String.join(", ", insert) + ") select "
                + String.join(", ", select) + " from " + quoted(table));
        statements.add("drop table " + quoted(table));
        statements.add("alter table " + quoted(newTable) + " rename to " + quoted(table));
        Long sequence = autoincrementSequence(connection, table);
        if (sequence != null) {
            String name = literal(table);
            statements.add("update sqlite_sequence set seq = " + sequence + " where name = " + name);
            statements.add("insert into sqlite_sequence (name, seq) select " + name + ", " + sequence
                    + " where not exists (select 1 from sqlite_sequence where name = " + name + ")");
        }
        statements.addAll(indexesAndTriggers(connection, table));
        statements.add("select * from pragma_foreign_key_check where " + quoted("table") + " = " + literal(table)
                + " collate nocase or " + quoted("parent") + " = " + literal(table) + " collate nocase");
        statements.add(COMMIT);
        if (!legacyAlter) {
            statements.add("pragma legacy_alter_table = off");
        }
        if (foreignKeys) {
            statements.add("pragma foreign_keys = on");
        }
        return statements;
    }

    /** Renders the rebuild from the live schema and runs it as one unit. */
    @Override
    public Step.Outcome run(StepContext context) throws SQLException {
        Connection connection = context.connection();
        List<String> statements = render(connection);
        long filled = runCounted(connection, statements);
        if (fills) {
            BackfillAction.requireNoNullsLeft(connection, sql, target);
        }
        return new Step.Outcome(Step.joined(statements), fills ? filled : 0);
    }

    /** Runs the statements and says how many rows the copy gave their value. */
    long runCounted(Connection connection, List<String> statements) throws SQLException {
        // The copy fills the rows still NULL with coalesce(col, backfill): count them, and stop with the
        // rows' number, before the lock is taken, when the backfill yields NULL for some.
        long nulls = count(connection, sql.countNulls(target));
        if (nulls > 0 && !target.spec().backfill().isJava()) {
            long left = count(connection, "select count(*) from " + sql.quoted(sql.table(target)) + " where "
                    + coalesce() + " is null");
            if (left > 0) {
                throw BackfillAction.stillNull(left, target);
            }
        }
        run(connection, statements);
        return nulls;
    }

    private static long count(Connection connection, String query) throws SQLException {
        try (java.sql.Statement st = connection.createStatement(); java.sql.ResultSet rs = st.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * Runs the statements: the ones before {@code begin}, the transaction (a statement that returns a
     * row is a failed check), and always the ones after {@code commit}, which put the session back.
     */
    void run(Connection connection, List<String> statements) throws SQLException {
        int begin = statements.indexOf(BEGIN);
        int commit = statements.indexOf(COMMIT);
        if (begin < 0 || commit < begin) {
            throw new IllegalArgumentException("Not a rebuild script: " + statements);
        }
        try (Statement st = connection.createStatement()) {
            boolean inTransaction = false;
            try {
                for (int i = 0; i <= commit; i++) {
                    String s = statements.get(i);
                    if (st.execute(s)) {
                        try (ResultSet rs = st.getResultSet()) {
                            if (rs.next()) {
                                throw new SQLException(Message.REBUILD_CHECK_FAILED.format(s, row(rs)));
                            }
                        }
                    }
                    inTransaction = i >= begin && i < commit;
                }
            } catch (SQLException | RuntimeException e) {
                if (inTransaction) {
                    try {
                        st.execute("rollback");
                    } catch (SQLException r) {
                        e.addSuppressed(r);
                    }
                }
                restore(st, statements, commit, e);
                throw e;
            }
            restore(st, statements, commit, null);
        }
    }

    private static void restore(Statement st, List<String> statements, int commit, Exception failure)
            throws SQLException {
        for (int i = commit + 1; i < statements.size(); i++) {
            try {
                st.execute(statements.get(i));
            } catch (SQLException e) {
                if (failure == null) {
                    throw e;
                }
                failure.addSuppressed(e);
            }
        }
    }

    private static String row(ResultSet rs) throws SQLException {
        StringBuilder b = new StringBuilder("(");
        int n = rs.getMetaData().getColumnCount();
        for (int i = 1; i <= n; i++) {
            b.append(i > 1 ? ", " : "").append(rs.getMetaData().getColumnName(i)).append('=').append(rs.getString(i));
        }
        return b.append(')').toString();
    }

    private String coalesce() {
        // A Java backfill has no SQL form: its rows were filled (and checked) before the rebuild.
        if (target.spec().backfill().isJava()) {
            return quoted(target.column());
        }
        return "coalesce(" + quoted(target.column()) + ", " + target.spec().backfill().sql() + ")";
    }

    private String quoted(String name) {
        return sql.quoted(DSL.name(name));
    }

    private String literal(String value) {
        return sql.dsl().render(DSL.inline(value));
    }

    private static boolean pragma(Connection connection, String name) throws SQLException {
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("pragma " + name)) {
            return rs.next() && rs.getInt(1) != 0;
        }
    }

    private static String createTableSql(Connection connection, String table) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "select sql from sqlite_master where type = 'table' and name = ? collate nocase")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getString(1) == null) {
                    throw new IllegalStateException("Table " + table + " has no CREATE TABLE text in sqlite_master");
                }
                return rs.getString(1);
            }
        }
    }

    /** The stored columns in order (generated and hidden columns are not copied). */
    private List<String> insertableColumns(Connection connection, String table) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("select name, hidden from pragma_table_xinfo(" + literal(table)
                     + ") order by cid")) {
            while (rs.next()) {
                if (rs.getInt("hidden") == 0) {
                    columns.add(rs.getString("name"));
                }
            }
        }
        return columns;
    }

    private static Long autoincrementSequence(Connection connection, String table) throws SQLException {
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("select 1 from sqlite_master where type = 'table' and name = 'sqlite_sequence'")) {
            if (!rs.next()) {
                return null;
            }
        }
        try (PreparedStatement ps = connection.prepareStatement(
                "select seq from sqlite_sequence where name = ? collate nocase")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    private static List<String> indexesAndTriggers(Connection connection, String table) throws SQLException {
        List<String> sqls = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement("select sql from sqlite_master where tbl_name = ?"
                + " collate nocase and type in ('index', 'trigger') and sql is not null"
                + " order by type = 'trigger', rowid")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sqls.add(rs.getString(1));
                }
            }
        }
        return sqls;
    }

    // --- the CREATE TABLE text ---------------------------------------------------------------

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

    /** {@code definition} without NULL, NOT NULL and DEFAULT, then NOT NULL (and the default when kept). */
    String requiredDefinition(String definition) {
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
            } else if (!afterSet && c.isWord("default") && at + 1 < tokens.size()) {
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
        if (target.spec().keepDefault()) {
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
