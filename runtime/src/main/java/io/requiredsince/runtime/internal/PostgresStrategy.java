package io.requiredsince.runtime.internal;

import io.requiredsince.runtime.MigrationReport;
import io.requiredsince.runtime.internal.Step.Guard;
import java.util.List;

/**
 * PostgreSQL. From version 11 on, {@code ADD COLUMN … NOT NULL DEFAULT k} with a constant {@code k}
 * only writes the catalog: existing rows read the default without being rewritten, so the step is
 * O(1) in rows. The default is then dropped unless keepDefault.
 *
 * <p>Expressions, PostgreSQL 10 and a column that already exists: add nullable, backfill in batches
 * ({@link Backfiller}), then tighten without holding the table's ACCESS EXCLUSIVE lock for a full
 * scan: a final pass over the rows written meanwhile and {@code ADD CONSTRAINT … CHECK (col IS NOT
 * NULL) NOT VALID} (catalog only) in one short transaction under {@code lock_timeout}, {@code VALIDATE
 * CONSTRAINT} (scans under a lock that lets reads and writes go on), {@code SET NOT NULL} (from 12 on
 * it trusts the valid check and skips its own scan), and drop the check.
 */
final class PostgresStrategy implements Strategy {

    private final EngineInfo engine;
    private final Sql sql;

    PostgresStrategy(EngineInfo engine, Sql sql) {
        this.engine = engine;
        this.sql = sql;
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
        return List.of(
                Step.ddl("add column", sql.addColumn(target, false), Guard.COLUMN_MISSING, c -> c.added(true, null)),
                Backfiller.walk(sql, target),
                Backfiller.lockedSweepAndCheck(sql, target),
                Step.ddl("validate check", sql.validateCheck(target), Guard.CHECK_NOT_VALID,
                        c -> c.withCheck(LiveColumn.Check.VALID)),
                Step.ddl("set not null", sql.setNotNull(target), Guard.COLUMN_NULLABLE, LiveColumn::notNull),
                Step.ddl("drop check", sql.dropCheck(target), Guard.CHECK_PRESENT,
                        c -> c.withCheck(LiveColumn.Check.NONE)),
                GenericStrategy.settleDefault(sql, target));
    }
}
