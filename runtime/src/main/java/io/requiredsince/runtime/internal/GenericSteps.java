package io.requiredsince.runtime.internal;

import io.requiredsince.runtime.internal.Step.Guard;
import java.util.ArrayList;
import java.util.List;

/**
 * The road every engine can take, and the steps engines share: add the column nullable, backfill
 * the rows that are NULL, set NOT NULL, then settle the default. Each statement is safe to repeat.
 */
public final class GenericSteps {

    private GenericSteps() {
    }

    /** The whole generic road. */
    public static List<Step> road(EngineSupport engine, Target target) {
        List<Step> steps = new ArrayList<>();
        steps.add(addNullable(engine.sql(), target));
        steps.addAll(Backfills.walkAndSweep(engine, target));
        steps.add(setNotNull(engine.sql(), target));
        steps.addAll(settleDefault(engine.sql(), target));
        return steps;
    }

    /** {@code ADD COLUMN} nullable, without a default. */
    public static Step addNullable(Sql sql, Target target) {
        return Step.ddl("add column", sql.addColumn(target, false), Guard.COLUMN_MISSING, c -> c.added(true, null));
    }

    /** {@code ADD COLUMN … NOT NULL DEFAULT k}: existing rows read {@code k} from the catalog. */
    public static Step addWithDefault(Sql sql, Target target) {
        return Step.ddl(Step.CATALOG_DEFAULT, sql.addColumn(target, true), Guard.COLUMN_MISSING,
                c -> c.added(false, target.spec().backfill().sql()));
    }

    /** {@code SET NOT NULL}. */
    public static Step setNotNull(Sql sql, Target target) {
        return Step.ddl("set not null", sql.setNotNull(target), Guard.COLUMN_NULLABLE, LiveColumn::notNull);
    }

    /**
     * The last step on every engine that has DROP DEFAULT: keep the backfill as default, or have none.
     * None at all when the column had a default of its own before the migration: that one is the
     * application's, and stays.
     */
    public static List<Step> settleDefault(Sql sql, Target target) {
        if (target.prior().hadDefault()) {
            return List.of();
        }
        return List.of(target.spec().keepDefault()
                ? Step.ddl("set default", sql.setDefault(target), Guard.DEFAULT_ABSENT,
                        c -> c.withDefault(target.spec().backfill().sql()))
                : Step.ddl("drop default", sql.dropDefault(target), Guard.DEFAULT_PRESENT, c -> c.withDefault(null)));
    }
}
