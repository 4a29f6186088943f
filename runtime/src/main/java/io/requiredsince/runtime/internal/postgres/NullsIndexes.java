package io.requiredsince.runtime.internal.postgres;

import io.requiredsince.runtime.internal.DdlLockRetry;
import io.requiredsince.runtime.internal.EngineSupport;
import io.requiredsince.runtime.internal.FailureKind;
import io.requiredsince.runtime.internal.Log;
import io.requiredsince.runtime.internal.Message;
import io.requiredsince.runtime.internal.Sql;
import io.requiredsince.runtime.internal.Target;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.jooq.impl.DSL;

/**
 * The final pass's partial index over the rows still NULL, built without blocking writers
 * ({@code CREATE INDEX CONCURRENTLY}) so that the locked pass need not scan the whole table while
 * writers wait. A partitioned table cannot have an index built concurrently, and its rows are in its
 * leaf partitions anyway: there each leaf gets one of its own.
 */
final class NullsIndexes {

    private static final System.Logger LOG = Log.get();

    private final Sql sql;
    private final Target target;
    private final List<On> on;

    /** An index on one table: {@code schema} null for the connection's own. */
    private record On(String schema, String table) {
    }

    private NullsIndexes(Sql sql, Target target, List<On> on) {
        this.sql = sql;
        this.target = target;
        this.on = on;
    }

    /** The index on the target's table, as a table without partitions has it. */
    static NullsIndexes onTable(Sql sql, Target target) {
        return new NullsIndexes(sql, target, List.of(new On(target.schema(), target.table())));
    }

    /** No index: what the final pass builds when its concurrent index is turned off. */
    static NullsIndexes none(Sql sql, Target target) {
        return new NullsIndexes(sql, target, List.of());
    }

    /** The indexes the live schema calls for: on the table, or on each leaf of a partitioned one. */
    static NullsIndexes live(Connection connection, Sql sql, Target target) throws SQLException {
        if (!Partitions.isPartitioned(connection, target)) {
            return onTable(sql, target);
        }
        List<On> leaves = new ArrayList<>();
        for (Partitions.Leaf leaf : Partitions.leaves(connection, target)) {
            leaves.add(new On(leaf.schema(), leaf.table()));
        }
        return new NullsIndexes(sql, target, leaves);
    }

    private String name(On index) {
        String name = "requiredsince_nulls_" + Integer.toHexString((index.table() + "." + target.column()).hashCode());
        return sql.quoted(index.schema() == null ? DSL.name(name) : DSL.name(index.schema(), name));
    }

    private String table(On index) {
        return sql.quoted(index.schema() == null ? DSL.name(index.table()) : DSL.name(index.schema(), index.table()));
    }

    List<String> creates() {
        String column = sql.quoted(target.column());
        List<String> all = new ArrayList<>();
        for (On index : on) {
            String name = name(index);
            // The index goes into its table's schema: CREATE INDEX takes no schema before the name.
            all.add("create index concurrently if not exists " + name.substring(name.lastIndexOf('.') + 1) + " on "
                    + table(index) + " (" + column + ") where " + column + " is null");
        }
        return all;
    }

    List<String> drops() {
        return on.stream().map(index -> "drop index concurrently if exists " + name(index)).toList();
    }

    /**
     * Builds each index under the run's lock timeout, retried like DDL. A build waits for every
     * transaction open when it starts; when it timed out on one that sits idle in its transaction
     * (waiting for its client, perhaps the caller of migrate()), waiting again cannot help: it stops
     * at once and names it. A build that failed leaves an INVALID index of its name, which
     * "if not exists" would keep and the planner ignores: each attempt, and the next run, drops it first.
     */
    void create(Connection connection, EngineSupport engine, DdlLockRetry retry) throws SQLException {
        IndexBuildWait wait = new IndexBuildWait();
        List<String> creates = creates();
        for (int i = 0; i < on.size(); i++) {
            On index = on.get(i);
            String create = creates.get(i);
            retry.run(connection, wait, engine, target, FinalPass.STEP, () -> {
                dropIfInvalid(connection, index);
                try (Statement st = connection.createStatement()) {
                    st.execute(create);
                } catch (SQLException e) {
                    if (FailureKind.of(e, engine) == FailureKind.LOCK_TIMEOUT) {
                        String idle = wait.idleThroughout(connection, retry.lockTimeout());
                        if (idle != null) {
                            throw new IllegalStateException(Message.INDEX_BUILD_WAITS_FOR_IDLE.format(name(index),
                                    table(index), idle, retry.lockTimeout().toMillis()), e);
                        }
                    }
                    throw new SQLException(create + ": " + e.getMessage(), e.getSQLState(), e.getErrorCode(), e);
                }
                return null;
            });
        }
    }

    private void dropIfInvalid(Connection connection, On index) throws SQLException {
        boolean invalid;
        try (PreparedStatement ps = connection.prepareStatement(
                "select not indisvalid from pg_index where indexrelid = to_regclass(?)")) {
            ps.setString(1, name(index));
            try (ResultSet rs = ps.executeQuery()) {
                invalid = rs.next() && rs.getBoolean(1);
            }
        }
        if (invalid) {
            LOG.log(System.Logger.Level.INFO, () -> "Final pass on " + target.table() + ": dropping the invalid index "
                    + name(index) + " a failed build left, to build it again");
            String drop = "drop index concurrently if exists " + name(index);
            try (Statement st = connection.createStatement()) {
                st.execute(drop);
            } catch (SQLException e) {
                throw new SQLException(drop + ": " + e.getMessage(), e.getSQLState(), e.getErrorCode(), e);
            }
        }
    }

    // Best effort: the index only speeds up the final pass; a failure to drop it never hides the pass's own error.
    void drop(Connection connection, Exception failure) {
        for (String drop : drops()) {
            try (Statement st = connection.createStatement()) {
                st.execute(drop);
            } catch (SQLException | RuntimeException e) {
                if (failure != null) {
                    failure.addSuppressed(e);
                }
                LOG.log(System.Logger.Level.WARNING, () -> "Could not drop the final pass's index on " + target.table()
                        + " (drop it by hand: " + drop + "): " + e.getMessage());
            }
        }
    }
}
