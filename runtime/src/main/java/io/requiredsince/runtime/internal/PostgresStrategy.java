package io.requiredsince.runtime.internal;

import io.requiredsince.runtime.MigrationReport;
import io.requiredsince.runtime.internal.Step.Guard;
import java.util.List;

/**
 * PostgreSQL. From version 11 on, {@code ADD COLUMN … NOT NULL DEFAULT k} with a constant {@code k}
 * only writes the catalog: existing rows read the default without being rewritten, so the step is
 * O(1) in rows. The default is then dropped unless keepDefault. Expressions, PostgreSQL 10 and a
 * column that already exists take the generic road.
 */
final class PostgresStrategy implements Strategy {

    private final EngineInfo engine;
    private final Sql sql;
    private final GenericStrategy generic;

    PostgresStrategy(EngineInfo engine, Sql sql) {
        this.engine = engine;
        this.sql = sql;
        this.generic = new GenericStrategy(sql);
    }

    @Override
    public List<Step> steps(Target target, LiveColumn before) {
        boolean fastDefault = engine.atLeast(11, 0) && target.spec().backfill().isConstant();
        if (!before.exists() && fastDefault) {
            return List.of(
                    Step.ddl(MigrationReport.CATALOG_DEFAULT_STEP, sql.addColumn(target, true), Guard.COLUMN_MISSING,
                            c -> c.added(false, target.spec().backfill().sql())),
                    GenericStrategy.settleDefault(sql, target));
        }
        return generic.steps(target, before);
    }
}
