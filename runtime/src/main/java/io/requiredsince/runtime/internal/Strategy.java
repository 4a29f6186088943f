package io.requiredsince.runtime.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * How one engine makes a column required. A strategy turns the column's state before the
 * migration into the ordered steps that reach the end state: the column exists with its type, every
 * row has a value, it is NOT NULL, and it has the backfill as default only when keepDefault.
 */
public interface Strategy {

    /** The steps from {@code before} to the end state. */
    List<Step> steps(Target target, LiveColumn before);

    /**
     * Runs one of this strategy's steps. By default the step's statement as planned; a strategy may
     * compute it from the live schema, retry it in a cheaper-to-accept form or wrap it in session
     * settings, and says which statement it ran.
     */
    default Executed execute(Step step, Connection connection) throws SQLException {
        try (Statement st = connection.createStatement()) {
            return new Executed(step.sql(), st.executeLargeUpdate(step.sql()));
        }
    }

    /** The statement a step actually ran and its update count. */
    record Executed(String sql, long count) {
    }

    /** The strategy for an engine and version. */
    static Strategy forEngine(EngineInfo engine) {
        Sql sql = new Sql(engine);
        return switch (engine.engine()) {
            case POSTGRES -> new PostgresStrategy(engine, sql);
            case SQLITE -> new SqliteStrategy(engine, sql);
            case MYSQL, MARIADB -> new MySqlStrategy(engine, sql);
            default -> new GenericStrategy(sql);
        };
    }
}
