package io.requiredsince.runtime.internal;

import java.util.function.UnaryOperator;

/**
 * One statement of a strategy, with the condition on the live column under which it still has
 * work to do. The executor reads the column again right before each step and skips a step whose
 * guard no longer holds, so a run that died anywhere converges when run again. {@code effect}
 * predicts the column's state after the step, which lets {@code plan()} list exactly the
 * statements a run would execute without executing any.
 *
 * @param name what the step is for, as reports show it
 * @param sql the statement
 * @param guard when the step still has work to do
 * @param effect the column's state after the step
 * @param countsRows whether the statement's update count is rows backfilled
 */
public record Step(String name, String sql, Guard guard, UnaryOperator<LiveColumn> effect, boolean countsRows) {

    /** The live-schema condition under which a step runs. */
    public enum Guard {
        COLUMN_MISSING {
            @Override
            public boolean holds(LiveColumn c) {
                return !c.exists();
            }
        },
        COLUMN_NULLABLE {
            @Override
            public boolean holds(LiveColumn c) {
                return c.exists() && c.nullable();
            }
        },
        DEFAULT_PRESENT {
            @Override
            public boolean holds(LiveColumn c) {
                return c.exists() && c.hasDefault();
            }
        },
        DEFAULT_ABSENT {
            @Override
            public boolean holds(LiveColumn c) {
                return c.exists() && !c.hasDefault();
            }
        };

        public abstract boolean holds(LiveColumn column);
    }

    static Step ddl(String name, String sql, Guard guard, UnaryOperator<LiveColumn> effect) {
        return new Step(name, sql, guard, effect, false);
    }

    static Step backfill(String sql) {
        return new Step("backfill", sql, Guard.COLUMN_NULLABLE, UnaryOperator.identity(), true);
    }
}
