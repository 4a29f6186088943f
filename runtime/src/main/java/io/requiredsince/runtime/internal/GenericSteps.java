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
    public static Road road(EngineSupport engine, Target target, boolean rolling) {
        return Road.of(rolling, List.of(addNullable(engine.sql(), target)), filling(engine, target),
                tightensWhileFilled(engine, target), List.of(Backfills.walk(engine, target)),
                List.of(Backfills.sweep(engine, target)), List.of(setNotNull(engine.sql(), target)),
                settle(engine, target));
    }

    /**
     * What keeps an insert that omits the column right while the migration is expanded: for a
     * constant the column's default (none needed when the column has a default of its own), for SQL
     * the engine's {@link Fill}, for a Java backfill nothing (the column stays nullable).
     */
    public static List<Step> filling(EngineSupport engine, Target target) {
        return filling(engine, target, setDefault(engine.sql(), target));
    }

    /** {@link #filling}, with the engine's own {@code SET DEFAULT} step. */
    public static List<Step> filling(EngineSupport engine, Target target, Step setDefault) {
        if (target.spec().backfill().isConstant()) {
            return setsDefault(target) ? List.of(setDefault) : List.of();
        }
        return engine.fill(target).map(f -> List.of(FillSteps.add(f))).orElse(List.of());
    }

    /** Whether expand gives the column the constant as its default: unless the column has a default of its own. */
    public static boolean setsDefault(Target target) {
        return target.spec().backfill().isConstant() && !target.prior().hadDefault();
    }

    /** Whether the column can be NOT NULL while {@link #filling} is in place: a default, or a fill that runs before the check. */
    public static boolean tightensWhileFilled(EngineSupport engine, Target target) {
        if (target.spec().backfill().isConstant()) {
            return true;
        }
        return !target.spec().backfill().isJava() && engine.fill(target).map(Fill::beforeCheck).orElse(false);
    }

    /** The last steps: the fill dropped, then the default settled ({@link #settleDefault}). */
    public static List<Step> settle(EngineSupport engine, Target target) {
        List<Step> steps = new ArrayList<>(unfill(engine, target));
        steps.addAll(settleDefault(engine.sql(), target));
        return steps;
    }

    /** The step that drops the fill, where the engine has one for this backfill. */
    public static List<Step> unfill(EngineSupport engine, Target target) {
        return engine.fill(target).map(f -> List.of(FillSteps.drop(f))).orElse(List.of());
    }

    /** {@code SET DEFAULT k}: the constant for the rows inserted while the migration is expanded (catalog only). */
    public static Step setDefault(Sql sql, Target target) {
        return Step.ddl("set default", sql.setDefault(target), Guard.DEFAULT_ABSENT,
                c -> c.withDefault(target.spec().backfill().sql()));
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
                ? setDefault(sql, target)
                : Step.ddl("drop default", sql.dropDefault(target), Guard.DEFAULT_PRESENT, c -> c.withDefault(null)));
    }
}
