package io.requiredsince.runtime.internal;

import java.util.List;
import java.util.Map;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

/**
 * The statements of one backfill over one target, keyed by its live key, rendered by jOOQ with
 * identifiers quoted. What runs and what {@code plan()} shows are built here from the same parts:
 * the batches bind values, the plan shows named parameters.
 *
 * @param sql the engine's renderer
 * @param target the column
 * @param key what the batches walk
 */
public record BackfillStatements(Sql sql, Target target, TableKey key) {

    org.jooq.Table<?> table() {
        return DSL.table(sql.table(target));
    }

    Field<Object> column() {
        return sql.column(target);
    }

    Map<Field<Object>, Field<Object>> assignment() {
        return Map.of(column(), sql.backfill(target.spec()));
    }

    /** The table, quoted and qualified. */
    public String quotedTable() {
        return sql.quotedTable(target);
    }

    Field<?>[] keyFields() {
        return key.columns().stream()
                .map(c -> key.quoted() ? DSL.field(DSL.name(c)) : DSL.field(DSL.unquotedName(c)))
                .toArray(Field<?>[]::new);
    }

    Condition after(Object[] lo, boolean inclusive) {
        Field<?>[] k = keyFields();
        if (k.length == 1) {
            @SuppressWarnings("unchecked")
            Field<Object> f = (Field<Object>) k[0];
            return inclusive ? f.ge(DSL.val(lo[0])) : f.gt(DSL.val(lo[0]));
        }
        return inclusive ? DSL.row(k).ge(lo) : DSL.row(k).gt(lo);
    }

    Condition atMost(Object[] hi) {
        Field<?>[] k = keyFields();
        if (k.length == 1) {
            @SuppressWarnings("unchecked")
            Field<Object> f = (Field<Object>) k[0];
            return f.le(DSL.val(hi[0]));
        }
        return DSL.row(k).le(hi);
    }

    /** A batch over address units {@code [from, to)}. */
    String rangeUpdate(long from, long to) {
        AddressRanges r = key.ranges();
        return sql.dsl().renderInlined(sql.dsl().update(table()).set(assignment())
                .where(DSL.condition(r.from(Long.toString(from))))
                .and(DSL.condition(r.before(Long.toString(to))))
                .and(column().isNull()));
    }

    /** The one statement that fills every row still NULL: the final pass of a SQL backfill. */
    public String sweep() {
        return sql.dsl().renderInlined(planDsl().update(table()).set(assignment()).where(column().isNull()));
    }

    /** What {@code plan()} shows for the batched walk: the statements each batch runs, bounds as named parameters. */
    public List<String> walkPlan() {
        Field<?>[] k = keyFields();
        Condition after;
        Condition atMost;
        if (key.kind() == TableKey.Kind.ADDRESS_RANGES) {
            after = DSL.condition(key.ranges().from(":from_block"));
            atMost = DSL.condition(key.ranges().before(":to_block"));
        } else if (k.length == 1) {
            @SuppressWarnings("unchecked")
            Field<Object> f = (Field<Object>) k[0];
            after = f.gt(DSL.param("after"));
            atMost = f.le(DSL.param("upto"));
        } else {
            after = DSL.row(k).gt(DSL.row(params("after_", k.length)));
            atMost = DSL.row(k).le(DSL.row(params("upto_", k.length)));
        }
        DSLContext dsl = planDsl();
        if (target.spec().backfill().isJava()) {
            String select = dsl.renderNamedParams(dsl.select(DSL.asterisk()).from(table()).where(after)
                    .and(column().isNull()).orderBy(k).limit(DSL.param("batch_size", Integer.class)));
            return List.of(select, javaUpdate(":computed_in_java"));
        }
        return List.of(dsl.renderNamedParams(dsl.update(table()).set(assignment()).where(after).and(atMost)
                .and(column().isNull())));
    }

    /**
     * The walk of a SQL backfill written out, one {@code UPDATE} per batch, bounds inlined: batches
     * of the first batch's size ({@code settings}), over address ranges or key ranges read from the
     * table; the last batch has no upper bound, so rows added later are in it.
     */
    List<String> walkScript(java.sql.Connection connection, BackfillSettings settings) throws java.sql.SQLException {
        List<String> batches = new java.util.ArrayList<>();
        if (key.kind() == TableKey.Kind.ADDRESS_RANGES) {
            AddressRanges r = key.ranges();
            long units = r.size(connection, quotedTable());
            long step = Math.max(1, r.sizer(settings, units).rows());
            for (long from = 0; from < Math.max(units, 1); from += step) {
                batches.add(rangeUpdate(from, from + step));
            }
            return batches;
        }
        DSLContext dsl = DSL.using(connection, sql.dsl().dialect(), new Settings()
                .withRenderQuotedNames(RenderQuotedNames.ALWAYS).withRenderFormatted(false));
        Field<?>[] k = keyFields();
        Object[] lo = null;
        int inBatch = 0;
        // Every key, not only those of rows NULL now: when the script runs the column may be new (all
        // NULL) or filled in part; each batch's "IS NULL" leaves rows that have their value alone.
        try (var keys = dsl.select(k).from(table()).orderBy(k).fetchLazy()) {
            for (org.jooq.Record r : keys) {
                if (lo == null) {
                    lo = r.intoArray();
                    inBatch = 1;
                    continue;
                }
                if (++inBatch == settings.batchSize()) {
                    Object[] hi = r.intoArray();
                    batches.add(batch(lo, batches.isEmpty(), hi));
                    lo = hi;
                    inBatch = 0;
                }
            }
        }
        if (lo != null) {
            batches.add(batch(lo, batches.isEmpty(), null));
        }
        return batches;
    }

    private String batch(Object[] lo, boolean inclusive, Object[] hi) {
        Condition range = hi == null ? after(lo, inclusive) : after(lo, inclusive).and(atMost(hi));
        return sql.dsl().renderInlined(planDsl().update(table()).set(assignment()).where(range).and(column().isNull()));
    }

    /**
     * What the final pass of an engine without a table lock for it runs, as a plan: for a SQL
     * backfill on a table with a key, the walk's update by key range, run for the batches of keys
     * still NULL (read without locks, as the walk reads its batches' bounds); else
     * {@link #finalPassPlan()}.
     */
    public List<String> keyedFinalPassPlan() {
        return target.spec().backfill().isJava() || key.kind() == TableKey.Kind.ADDRESS_RANGES ? finalPassPlan()
                : walkPlan();
    }

    /** What the final pass runs: the sweep of a SQL backfill, the walk of a row backfill. */
    public List<String> finalPassPlan() {
        return target.spec().backfill().isJava() ? walkPlan() : List.of(sweep());
    }

    /** The JDBC batch's update of one row: {@code value} is {@code ?} when run, a named parameter in plans. */
    String javaUpdate(String value) {
        String column = sql.quoted(target.column());
        return "update " + quotedTable() + " set " + column + " = " + value + " where " + keyEquals() + " and "
                + column + " is null";
    }

    private DSLContext planDsl() {
        return DSL.using(sql.dsl().dialect(), new Settings()
                .withRenderQuotedNames(RenderQuotedNames.ALWAYS).withRenderFormatted(false));
    }

    private static Field<?>[] params(String prefix, int n) {
        Field<?>[] p = new Field<?>[n];
        for (int i = 0; i < n; i++) {
            p[i] = DSL.param(prefix + (i + 1));
        }
        return p;
    }

    /** {@code k1 = ? and k2 = ?}, or the row address. */
    String keyEquals() {
        StringBuilder b = new StringBuilder();
        for (String c : key.columns()) {
            String name = key.quoted() ? sql.quoted(c) : c;
            b.append(b.length() == 0 ? "" : " and ").append(name).append(" = ?")
                    .append(key.kind() == TableKey.Kind.ADDRESS_RANGES ? key.ranges().parameterCast() : "");
        }
        return b.toString();
    }
}
