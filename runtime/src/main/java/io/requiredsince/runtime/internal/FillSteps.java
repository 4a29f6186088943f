package io.requiredsince.runtime.internal;

import io.requiredsince.runtime.internal.Step.Guard;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** The two steps of a {@link Fill}: put it in place at expand, drop it at complete (or undo). */
public final class FillSteps {

    /** The step names reports and listeners see. */
    public static final String ADD_STEP = "add fill";
    public static final String DROP_STEP = "drop fill";

    private FillSteps() {
    }

    /** Puts the fill in place. */
    public static Step add(Fill fill) {
        return new Step(ADD_STEP, Guard.FILL_ABSENT, c -> c.withFill(Fill.State.IN_PLACE), new Run(fill, true));
    }

    /** Drops whatever of the fill is in place. */
    public static Step drop(Fill fill) {
        return new Step(DROP_STEP, Guard.FILL_PRESENT, c -> c.withFill(Fill.State.NONE), new Run(fill, false));
    }

    /** Runs the fill's statements under the engine's bounded DDL lock wait, in one transaction where DDL has them. */
    private record Run(Fill fill, boolean create) implements Step.Action {
        @Override
        public String summary() {
            return create ? "create the fill trigger" : "drop the fill trigger";
        }

        @Override
        public List<String> render(Connection connection, BackfillSettings settings) throws SQLException {
            return statements(connection);
        }

        private List<String> statements(Connection connection) throws SQLException {
            return create ? fill.create(connection) : fill.drop(connection);
        }

        @Override
        public Step.Outcome run(StepContext context) throws SQLException {
            List<String> statements = statements(context.connection());
            if (statements.isEmpty()) {
                return new Step.Outcome("", 0);
            }
            return context.underDdlLock(() -> {
                if (fill.transactional()) {
                    Connections.inTransaction(context.connection(), () -> executeAll(context, statements));
                } else {
                    executeAll(context, statements);
                }
                return new Step.Outcome(Step.joined(statements), 0);
            });
        }

        private static void executeAll(StepContext context, List<String> statements) throws SQLException {
            for (String statement : statements) {
                context.execute(statement);
            }
        }
    }
}
