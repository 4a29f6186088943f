package io.requiredsince.runtime.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
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
 * @param script null for a single statement; else the statements are rendered from the live schema
 *     when the step is planned or run, and run by the script as one unit ({@code sql} is then only a
 *     description)
 */
public record Step(String name, String sql, Guard guard, UnaryOperator<LiveColumn> effect, boolean countsRows,
                   Script script) {

    public Step(String name, String sql, Guard guard, UnaryOperator<LiveColumn> effect, boolean countsRows) {
        this(name, sql, guard, effect, countsRows, null);
    }

    /**
     * A step that is several statements which only make sense together (SQLite's table rebuild): what
     * they are depends on the live schema, so they are rendered when the step is planned or run.
     */
    public interface Script {
        /** The statements the script would run now; reads the schema, changes nothing. */
        List<String> render(Connection connection) throws SQLException;

        /** Runs {@code statements} (from {@link #render}) all or nothing. */
        void run(Connection connection, List<String> statements) throws SQLException;

        /** Runs like {@link #run} and says how many rows it gave their value (0 unless it backfills). */
        default long runCounted(Connection connection, List<String> statements) throws SQLException {
            run(connection, statements);
            return 0;
        }
    }

    /** The SQL this step runs now: its statement, or its script's statements rendered against the live schema. */
    public String sql(Connection connection) throws SQLException {
        return script == null ? sql : joined(script.render(connection));
    }

    /** How a script's statements are shown as one text. */
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
        /** The temporary check exists (NOT NULL is in place or about to be): drop it. */
        CHECK_PRESENT {
            @Override
            public boolean holds(LiveColumn c) {
                return c.exists() && !c.nullable() && c.check() != LiveColumn.Check.NONE;
            }
        };

        public abstract boolean holds(LiveColumn column);
    }

    static Step ddl(String name, String sql, Guard guard, UnaryOperator<LiveColumn> effect) {
        return new Step(name, sql, guard, effect, false);
    }
}
