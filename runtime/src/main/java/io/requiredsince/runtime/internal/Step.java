package io.requiredsince.runtime.internal;

import io.requiredsince.runtime.ExecutedStep;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * One step of an engine's road to the end state, with the condition on the live column under which
 * it still has work to do, and the action that does it. The runner reads the column again right
 * before each step and skips a step whose guard no longer holds, so a run that died anywhere
 * converges when run again. {@code effect} predicts the column's state after the step, which lets
 * {@code plan()} list exactly the statements a run would execute without executing any; those
 * statements come from the same {@link Action} that runs them.
 *
 * @param name what the step is for, as reports show it
 * @param guard when the step still has work to do
 * @param effect the column's state after the step
 * @param action what the step runs, and what {@code plan()} shows of it
 */
public record Step(String name, Guard guard, UnaryOperator<LiveColumn> effect, Action action) {

    /** The step name of an {@code ADD COLUMN … NOT NULL DEFAULT k} that gives existing rows their value through the catalog. */
    public static final String CATALOG_DEFAULT = "add with default";

    /** What a run that wrote {@code rows} in {@code steps} did to the existing rows, for a report or the log. */
    public static String rowsOutcome(long rows, List<ExecutedStep> steps) {
        boolean catalogOnly = rows == 0 && steps.stream().anyMatch(s -> s.step().equals(CATALOG_DEFAULT));
        return catalogOnly ? "existing rows read the value from the catalog, none rewritten"
                : String.format(Locale.ROOT, "%,d row(s) backfilled", rows);
    }

    /** The statement as planned, read from no schema: what listeners are told when the step starts. */
    public String sql() {
        return action.summary();
    }

    /** What a step runs. */
    public interface Action {
        /** The statement as planned, without reading the live schema. */
        String summary();

        /**
         * The statements the action would run now under {@code settings}, for {@code plan()}; reads the
         * schema, changes nothing.
         */
        default List<String> render(Connection connection, BackfillSettings settings) throws SQLException {
            return List.of(summary());
        }

        /**
         * The statements as a script a person can review and run as is: literal values, no
         * placeholders, a batched walk written out batch by batch of {@code settings}' size. By
         * default what {@link #render} shows, which is concrete for every DDL step.
         */
        default List<String> script(Connection connection, BackfillSettings settings) throws SQLException {
            return render(connection, settings);
        }

        /** Runs the action; says which statement(s) it ran and how many rows it gave their value. */
        Outcome run(StepContext context) throws SQLException;
    }

    /**
     * What an action ran.
     *
     * @param sql the statement(s) it ran, as one text
     * @param rows the rows it gave their value (0 for DDL)
     */
    public record Outcome(String sql, long rows) {
    }

    /** One DDL statement, run under the engine's bounded lock wait ({@link DdlLockRetry}). */
    public record Ddl(String statement) implements Action {
        @Override
        public String summary() {
            return statement;
        }

        @Override
        public Outcome run(StepContext context) throws SQLException {
            return context.underDdlLock(() -> {
                context.execute(statement);
                return new Outcome(statement, 0);
            });
        }
    }

    /** A DDL step. */
    public static Step ddl(String name, String sql, Guard guard, UnaryOperator<LiveColumn> effect) {
        return new Step(name, guard, effect, new Ddl(sql));
    }

    /** How several statements are shown as one text. */
    public static String joined(List<String> statements) {
        return String.join(";\n", statements);
    }

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
        },
        /** Not yet NOT NULL without a default: a rebuild that ends with no default has work to do. */
        NULLABLE_OR_DEFAULT_PRESENT {
            @Override
            public boolean holds(LiveColumn c) {
                return c.exists() && (c.nullable() || c.hasDefault());
            }
        },
        /** Not yet NOT NULL with a default: a rebuild that ends with the default has work to do. */
        NULLABLE_OR_DEFAULT_ABSENT {
            @Override
            public boolean holds(LiveColumn c) {
                return c.exists() && (c.nullable() || !c.hasDefault());
            }
        },
        /** Still nullable, and the temporary NOT NULL check is not there yet. */
        CHECK_ABSENT {
            @Override
            public boolean holds(LiveColumn c) {
                return COLUMN_NULLABLE.holds(c) && c.check() == LiveColumn.Check.NONE;
            }
        },
        /** Still nullable, and the temporary check exists but is not validated. */
        CHECK_NOT_VALID {
            @Override
            public boolean holds(LiveColumn c) {
                return COLUMN_NULLABLE.holds(c) && c.check() == LiveColumn.Check.NOT_VALID;
            }
        },
        /** The column exists and its fill is not (wholly) in place. */
        FILL_ABSENT {
            @Override
            public boolean holds(LiveColumn c) {
                return c.exists() && c.fill() != Fill.State.IN_PLACE;
            }
        },
        /** Still nullable, the fill wholly in place: every insert meanwhile gets its value, so none may be NULL. */
        NULLABLE_AND_FILLED {
            @Override
            public boolean holds(LiveColumn c) {
                return COLUMN_NULLABLE.holds(c) && c.fill() == Fill.State.IN_PLACE;
            }
        },
        /** Some of the fill is in place: drop it. */
        FILL_PRESENT {
            @Override
            public boolean holds(LiveColumn c) {
                return c.fill() != Fill.State.NONE;
            }
        },
        /** The temporary check exists (NOT NULL is in place or about to be): drop it. */
        CHECK_PRESENT {
            @Override
            public boolean holds(LiveColumn c) {
                return c.exists() && !c.nullable() && c.check() != LiveColumn.Check.NONE;
            }
        };

        public abstract boolean holds(LiveColumn column);
    }

}
