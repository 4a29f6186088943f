package io.requiredsince.runtime.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.jooq.impl.DSL;

/**
 * What a failed step left to do, for its error message: how many rows the backfill gives NULL, or
 * else how many still have the column NULL (the rows it would have touched when it failed), and the
 * primary keys of a few of them, so the reader can look at the offending rows.
 */
final class FailureDetails {

    static final int SAMPLE = 5;

    private FailureDetails() {
    }

    /**
     * {@code "2 row(s) of t get NULL from the backfill lower(email), e.g. (id=2), (id=4)"} when the
     * backfill yields NULL for some rows (those are the ones to look at), else {@code "3 row(s) of t
     * still have c NULL, e.g. (id=4), (id=9)"}; null when it cannot be read.
     */
    static String describe(Connection connection, EngineSupport engine, Target target) {
        Sql sql = engine.sql();
        try {
            if (!new SchemaInspector(connection, engine).inspect(target).exists()) {
                return null;
            }
            String isNull = sql.quoted(DSL.name(target.column())) + " is null";
            String table = sql.quoted(sql.table(target));
            long offending = yieldingNull(connection, sql, target);
            if (offending > 0) {
                return describe(offending + " row(s) of " + table + " get NULL from the backfill "
                        + target.spec().backfill().sql(), sampleKeys(connection, engine, target,
                        yieldsNull(sql, target)));
            }
            long count = countOrMinusOne(connection, sql.countNulls(target));
            if (count < 0) {
                return null;
            }
            if (count == 0) {
                return "no row of " + table + " has " + target.column() + " NULL";
            }
            // None of them gets NULL from the backfill: they were written after it had passed.
            String though = offending == 0 ? " though the backfill gives each of them a value (written after it"
                    + " had passed, by a writer that omits the column)" : "";
            return describe(count + " row(s) of " + table + " still have " + target.column() + " NULL" + though,
                    sampleKeys(connection, engine, target, isNull));
        } catch (SQLException | RuntimeException e) {
            // A broken connection must not hide the original failure.
            return null;
        }
    }

    /**
     * How many rows have the column NULL and get NULL from the SQL backfill too; -1 for a Java
     * backfill, which only Java computes, or when the query fails (a backfill that cannot be
     * evaluated at all, say).
     */
    static long yieldingNull(Connection connection, Sql sql, Target target) {
        if (target.spec().backfill().isJava()) {
            return -1;
        }
        return countOrMinusOne(connection, "select count(*) from " + sql.quoted(sql.table(target)) + " where "
                + yieldsNull(sql, target));
    }

    private static String yieldsNull(Sql sql, Target target) {
        return sql.quoted(DSL.name(target.column())) + " is null and (" + target.spec().backfill().sql() + ") is null";
    }

    private static String describe(String what, List<String> keys) {
        return what + (keys.isEmpty() ? "" : ", e.g. " + String.join(", ", keys));
    }

    // -1 when the query fails (a backfill that cannot be evaluated at all, say).
    private static long countOrMinusOne(Connection connection, String query) {
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            return -1;
        }
    }

    private static List<String> sampleKeys(Connection connection, EngineSupport engine, Target target,
                                           String where) throws SQLException {
        Sql sql = engine.sql();
        List<String> pk = TableKey.primaryKey(connection, engine, target);
        boolean quoted = !pk.isEmpty();
        if (pk.isEmpty()) {
            pk = addressOf(connection, engine, target);
        }
        List<String> keys = new ArrayList<>();
        if (pk.isEmpty()) {
            return keys;
        }
        StringBuilder select = new StringBuilder("select ");
        for (int i = 0; i < pk.size(); i++) {
            select.append(i > 0 ? ", " : "").append(quoted ? sql.quoted(DSL.name(pk.get(i))) : pk.get(i));
        }
        select.append(" from ").append(sql.quoted(sql.table(target))).append(" where ").append(where)
                .append(" order by 1");
        try (Statement st = connection.createStatement()) {
            st.setMaxRows(SAMPLE);
            try (ResultSet rs = st.executeQuery(select.toString())) {
                while (rs.next() && keys.size() < SAMPLE) {
                    StringBuilder k = new StringBuilder("(");
                    for (int i = 0; i < pk.size(); i++) {
                        k.append(i > 0 ? ", " : "").append(pk.get(i)).append('=').append(rs.getString(i + 1));
                    }
                    keys.add(k.append(')').toString());
                }
            }
        }
        return keys;
    }

    // A row address walked like a key (SQLite's rowid) names the rows too; address ranges do not.
    private static List<String> addressOf(Connection connection, EngineSupport engine, Target target)
            throws SQLException {
        try {
            TableKey key = engine.keyless(connection, target);
            return key.kind() == TableKey.Kind.ADDRESS ? key.columns() : List.of();
        } catch (IllegalStateException e) {
            return List.of();
        }
    }
}
