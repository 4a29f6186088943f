package io.requiredsince.runtime.internal;

import java.util.List;
import java.util.Map;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

/** The statements of one target, keyed by its live key, rendered by jOOQ with identifiers quoted. */
record BackfillStatements(Sql sql, Target target, TableKey key) {

    org.jooq.Table<?> table() {
        return DSL.table(sql.table(target));
    }

    Field<Object> column() {
        return sql.column(target);
    }

    Field<Object> value() {
        return sql.backfill(target.spec());
    }

    Map<Field<Object>, Field<Object>> assignment() {
        return java.util.Map.of(column(), value());
    }

    String quotedTable() {
        return sql.quoted(sql.table(target));
    }

    String regclass() {
        return quotedTable();
    }

    Field<?>[] keyFields() {
        return key.columns().stream()
                .map(c -> key.kind() == TableKey.Kind.PRIMARY_KEY ? DSL.field(DSL.name(c))
                        : DSL.field(DSL.unquotedName(c)))
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

    private String nullsIndex() {
        String name = "requiredsince_nulls_" + Integer.toHexString((target.table() + "." + target.column()).hashCode());
        return sql.quoted(target.schema() == null ? DSL.name(name) : DSL.name(target.schema(), name));
    }

    /** The partial index's name, qualified when the table's schema is known: for {@code to_regclass}. */
    String nullsIndexName() {
        return nullsIndex();
    }

    String createNullsIndex() {
        return "create index concurrently if not exists " + nullsIndex().substring(nullsIndex().lastIndexOf('.') + 1)
                + " on " + quotedTable() + " (" + sql.quoted(DSL.name(target.column())) + ") where "
                + sql.quoted(DSL.name(target.column())) + " is null";
    }

    String dropNullsIndex() {
        return "drop index concurrently if exists " + nullsIndex();
    }

    String ctidUpdate(long fromBlock, long toBlock) {
        return sql.dsl().renderInlined(sql.dsl().update(table()).set(assignment())
                .where(DSL.condition("ctid >= '(" + fromBlock + ",0)'::tid"))
                .and(DSL.condition("ctid < '(" + toBlock + ",0)'::tid"))
                .and(column().isNull()));
    }

    /** What {@code plan()} shows for a pass: the statement each batch runs, bounds as named parameters. */
    List<String> representative(Backfiller.Pass pass) {
        DSLContext dsl = DSL.using(sql.dsl().dialect(), new Settings()
                .withRenderQuotedNames(RenderQuotedNames.ALWAYS).withRenderFormatted(false));
        boolean java = target.spec().backfill().isJava();
        if (pass != Backfiller.Pass.WALK && !java) {
            String sweep = sql.dsl().renderInlined(dsl.update(table()).set(assignment()).where(column().isNull()));
            return pass == Backfiller.Pass.SWEEP ? List.of(sweep)
                    : List.of(createNullsIndex(), "lock table " + quotedTable() + " in share row exclusive mode",
                            sweep, sql.addNotNullCheck(target), dropNullsIndex());
        }
        Field<?>[] k = keyFields();
        Condition after;
        Condition atMost;
        if (key.kind() == TableKey.Kind.CTID) {
            after = DSL.condition("ctid >= '(:from_block,0)'::tid");
            atMost = DSL.condition("ctid < '(:to_block,0)'::tid");
        } else if (k.length == 1) {
            @SuppressWarnings("unchecked")
            Field<Object> f = (Field<Object>) k[0];
            after = f.gt(DSL.param("after"));
            atMost = f.le(DSL.param("upto"));
        } else {
            after = DSL.row(k).gt(DSL.row(params("after_", k.length)));
            atMost = DSL.row(k).le(DSL.row(params("upto_", k.length)));
        }
        if (java) {
            String select = dsl.renderNamedParams(dsl.select(DSL.asterisk()).from(table()).where(after).and(column().isNull())
                    .orderBy(k).limit(DSL.param("batch_size", Integer.class)));
            String update = "update " + quotedTable() + " set " + sql.quoted(DSL.name(target.column()))
                    + " = :computed_in_java where " + keyEquals() + " and "
                    + sql.quoted(DSL.name(target.column())) + " is null";
            return pass == Backfiller.Pass.LOCKED_SWEEP_AND_CHECK
                    ? List.of(createNullsIndex(), "lock table " + quotedTable() + " in share row exclusive mode",
                            select, update, sql.addNotNullCheck(target), dropNullsIndex())
                    : List.of(select, update);
        }
        return List.of(dsl.renderNamedParams(dsl.update(table()).set(assignment()).where(after).and(atMost)
                .and(column().isNull())));
    }

    private static Field<?>[] params(String prefix, int n) {
        Field<?>[] p = new Field<?>[n];
        for (int i = 0; i < n; i++) {
            p[i] = DSL.param(prefix + (i + 1));
        }
        return p;
    }

    /** {@code k1 = :k1 and k2 = :k2}, or the row address. */
    String keyEquals() {
        StringBuilder b = new StringBuilder();
        for (String c : key.columns()) {
            String name = key.kind() == TableKey.Kind.PRIMARY_KEY ? sql.quoted(DSL.name(c)) : c;
            b.append(b.length() == 0 ? "" : " and ").append(name).append(" = ?")
                    .append(key.kind() == TableKey.Kind.CTID ? "::tid" : "");
        }
        return b.toString();
    }
}
