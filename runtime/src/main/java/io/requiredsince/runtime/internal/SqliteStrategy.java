package io.requiredsince.runtime.internal;

import io.requiredsince.runtime.MigrationReport;
import io.requiredsince.runtime.internal.Step.Guard;
import java.util.ArrayList;
import java.util.List;

/**
 * SQLite. SQLite has no {@code DROP DEFAULT} and no {@code SET DEFAULT}; {@code ALTER COLUMN … SET
 * NOT NULL} exists from 3.53 on (it checks the existing rows). So:
 *
 * <ul>
 *   <li>keepDefault with a constant, column missing: {@code ADD COLUMN … NOT NULL DEFAULT k}, which
 *       SQLite allows for a constant default and which rewrites no row (any version);</li>
 *   <li>otherwise add the column nullable and backfill it; then on 3.53 and later {@code SET NOT
 *       NULL}; before 3.53 the table rebuild of {@link SqliteRebuild}, which also is the only way
 *       to add or drop a default on an existing column, so it is the last step on every version,
 *       guarded to run only when the column is not yet in its end state.</li>
 * </ul>
 */
final class SqliteStrategy implements Strategy {

    private final EngineInfo engine;
    private final Sql sql;

    SqliteStrategy(EngineInfo engine, Sql sql) {
        this.engine = engine;
        this.sql = sql;
    }

    @Override
    public List<Step> steps(Target target, LiveColumn before) {
        boolean keepDefault = target.spec().keepDefault();
        String backfill = target.spec().backfill().sql();
        List<Step> steps = new ArrayList<>();
        if (keepDefault && target.spec().backfill().isConstant()) {
            steps.add(Step.ddl(MigrationReport.CATALOG_DEFAULT_STEP, sql.addColumn(target, true), Guard.COLUMN_MISSING,
                    c -> c.added(false, backfill)));
        }
        steps.add(Step.ddl("add column", sql.addColumn(target, false), Guard.COLUMN_MISSING,
                c -> c.added(true, null)));
        // Before 3.53 the rebuild copies every row anyway and fills the NULLs with coalesce(col, backfill)
        // in that same pass, under the same lock: a SQL backfill then needs no batched walk first.
        boolean rebuildFills = !engine.atLeast(3, 53) && !target.spec().backfill().isJava();
        if (!rebuildFills) {
            steps.addAll(Backfiller.walkAndSweep(sql, target));
        }
        if (engine.atLeast(3, 53)) {
            steps.add(Step.ddl("set not null", sql.setNotNull(target), Guard.COLUMN_NULLABLE, LiveColumn::notNull));
        }
        SqliteRebuild rebuild = new SqliteRebuild(sql, target);
        steps.add(new Step("rebuild table", rebuild.describe(),
                keepDefault ? Guard.NULLABLE_OR_DEFAULT_ABSENT : Guard.NULLABLE_OR_DEFAULT_PRESENT,
                c -> c.added(false, keepDefault ? backfill : null), rebuildFills, rebuild));
        return steps;
    }
}
