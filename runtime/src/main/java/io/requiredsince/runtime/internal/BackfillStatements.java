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
