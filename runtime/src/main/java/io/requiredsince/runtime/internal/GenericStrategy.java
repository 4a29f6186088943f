package io.requiredsince.runtime.internal;

import io.requiredsince.runtime.internal.Step.Guard;
import java.util.ArrayList;
import java.util.List;

/**
 * The road every engine can take: add the column nullable, backfill the rows that are NULL, set
 * NOT NULL, then settle the default. Each statement is safe to repeat.
 */
final class GenericStrategy implements Strategy {

    private final Sql sql;

    GenericStrategy(Sql sql) {
        this.sql = sql;
    }

    @Override
    public List<Step> steps(Target target, LiveColumn before) {
        List<Step> steps = new ArrayList<>();
        steps.add(Step.ddl("add column", sql.addColumn(target, false), Guard.COLUMN_MISSING,
                c -> c.added(true, null)));
        steps.addAll(Backfiller.walkAndSweep(sql, target));
        steps.add(Step.ddl("set not null", sql.setNotNull(target), Guard.COLUMN_NULLABLE, LiveColumn::notNull));
        steps.add(settleDefault(sql, target));
        return steps;
    }

    /** The last step on every engine that has DROP DEFAULT: keep the backfill as default, or have none. */
    static Step settleDefault(Sql sql, Target target) {
        return target.spec().keepDefault()
                ? Step.ddl("set default", sql.setDefault(target), Guard.DEFAULT_ABSENT,
                        c -> c.withDefault(target.spec().backfill().sql()))
                : Step.ddl("drop default", sql.dropDefault(target), Guard.DEFAULT_PRESENT, c -> c.withDefault(null));
    }
}
