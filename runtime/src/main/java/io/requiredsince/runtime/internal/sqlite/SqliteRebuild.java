package io.requiredsince.runtime.internal.sqlite;

import io.requiredsince.runtime.internal.BackfillAction;
import io.requiredsince.runtime.internal.BackfillSettings;
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
    public List<String> render(Connection connection, BackfillSettings settings) throws SQLException {
        return render(connection);
    }

    /** The rebuild's statements, from the live schema. */
    List<String> render(Connection connection) throws SQLException {
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
        statements.add(new CreateTableText(sql, target).newCreateTable(create, newTable, columnPresent));

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
                throw BackfillAction.stillNull(connection, sql, left, target);
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
}
