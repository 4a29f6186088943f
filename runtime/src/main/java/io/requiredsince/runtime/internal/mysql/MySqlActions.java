package io.requiredsince.runtime.internal.mysql;

import io.requiredsince.runtime.internal.BackfillAction;
import io.requiredsince.runtime.internal.FailureKind;
import io.requiredsince.runtime.internal.Sql;
import io.requiredsince.runtime.internal.Step;
import io.requiredsince.runtime.internal.StepContext;
import io.requiredsince.runtime.internal.Target;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/** The steps MySQL and MariaDB run differently from a plain statement; each under the bounded DDL lock wait. */
final class MySqlActions {

    static final String PROVE_STEP = "prove no nulls";
    static final String TIGHTEN_STEP = "set not null";

    private static final String INSTANT = ", ALGORITHM=INSTANT";
    private static final String INPLACE = ", ALGORITHM=INPLACE, LOCK=NONE";

    private MySqlActions() {
    }

    /** {@code ADD COLUMN … ALGORITHM=INSTANT}, retried without ALGORITHM when the server refuses it. */
    record InstantAdd(String statement) implements Step.Action {
        @Override
        public String summary() {
            return statement + INSTANT;
        }

        @Override
        public Step.Outcome run(StepContext context) throws SQLException {
            return context.underDdlLock(() -> {
                try {
                    context.execute(summary());
                    return new Step.Outcome(summary(), 0);
                } catch (SQLException e) {
                    if (FailureKind.of(e, context.engine()) != FailureKind.REFUSED_ALGORITHM) {
                        throw e;
                    }
                    context.execute(statement);
                    return new Step.Outcome(statement, 0);
                }
            });
        }
    }

    /** Proves that no NULL is left before MODIFY: a clear error naming the table, column and count when one is. */
    record ProveNoNulls(Sql sql, Target target, String query) implements Step.Action {
        @Override
        public String summary() {
            return query;
        }

        @Override
        public Step.Outcome run(StepContext context) throws SQLException {
            return context.underDdlLock(() -> {
                if (context.any(query)) {
                    long left = context.count(sql.countNulls(target));
                    throw BackfillAction.stillNull(context.connection(), sql, left, target);
                }
                return new Step.Outcome(query, 0);
            });
        }
    }

    /**
     * MODIFY with the live definition, in a strict session; retried without ALGORITHM/LOCK when
     * refused. {@code plannedDefault}: the default the road gives the column before this step, for
     * the plan (a rolling deploy's temporary default), or null. In a non-strict session both servers silently convert NULLs to the type's implicit
     * default: strict, the statement fails instead.
     */
    record Tighten(ColumnDefinition columns, Target target, String plannedDefault) implements Step.Action {
        /** As planned: with the default the road set before this step ({@code plannedDefault}), if any. */
        @Override
        public String summary() {
            return columns.plannedModify(target, plannedDefault) + INPLACE;
        }

        @Override
        public Step.Outcome run(StepContext context) throws SQLException {
            return context.underDdlLock(() -> tighten(context));
        }

        private Step.Outcome tighten(StepContext context) throws SQLException {
            Connection connection = context.connection();
            String modify = columns.liveModify(target, connection, ColumnDefinition.NOT_NULL);
            String oldMode;
            try (Statement st = connection.createStatement();
                 ResultSet rs = st.executeQuery("SELECT @@SESSION.sql_mode")) {
                rs.next();
                oldMode = rs.getString(1);
            }
            try {
                setSqlMode(connection, strict(oldMode));
                try {
                    context.execute(modify + INPLACE);
                    return new Step.Outcome(modify + INPLACE, 0);
                } catch (SQLException e) {
                    if (FailureKind.of(e, context.engine()) != FailureKind.REFUSED_ALGORITHM) {
                        throw e;
                    }
                    context.execute(modify);
                    return new Step.Outcome(modify, 0);
                }
            } finally {
                setSqlMode(connection, oldMode);
            }
        }
    }

    static String strict(String mode) {
        String m = mode == null ? "" : mode.trim();
        if (m.toUpperCase(Locale.ROOT).contains("STRICT_ALL_TABLES")) {
            return m;
        }
        return m.isEmpty() ? "STRICT_ALL_TABLES" : m + ",STRICT_ALL_TABLES";
    }

    private static void setSqlMode(Connection connection, String mode) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SET SESSION sql_mode = ?")) {
            ps.setString(1, mode);
            ps.execute();
        }
    }
}
