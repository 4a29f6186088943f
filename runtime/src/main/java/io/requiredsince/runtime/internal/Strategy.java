package io.requiredsince.runtime.internal;

import java.util.List;

/**
 * How one engine makes a column required. A strategy turns the column's state before the
 * migration into the ordered steps that reach the end state: the column exists with its type, every
 * row has a value, it is NOT NULL, and it has the backfill as default only when keepDefault.
 */
public interface Strategy {

    /** The steps from {@code before} to the end state. */
    List<Step> steps(Target target, LiveColumn before);

    /** The strategy for an engine and version. */
    static Strategy forEngine(EngineInfo engine) {
        Sql sql = new Sql(engine);
        return switch (engine.engine()) {
            case POSTGRES -> new PostgresStrategy(engine, sql);
            default -> new GenericStrategy(sql);
        };
    }
}
