package io.requiredsince.runtime.internal;

import io.requiredsince.runtime.Migration;
import io.requiredsince.runtime.MigrationException;
import io.requiredsince.runtime.MigrationVersion;
import io.requiredsince.runtime.UndoResult;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.jooq.impl.DSL;

/**
 * Reverts applied migrations, newest first. A migration that added its column drops it, but only
 * when every value in it is still what the backfill would give (or NULL; for a row backfill, computed
 * in Java, only when every value is NULL), unless forced: any other
 * value was written by the application since, and dropping it loses data. A migration whose column
 * existed before only makes it nullable again. An expanded migration's fill is dropped first, and
 * the default it gave a column that existed before. The history row becomes {@code UNDONE}, so the
 * migration is pending again while the code still has it.
 */
final class Undoer {

    private final Connection connection;
    private final EngineSupport engine;
    private final Sql sql;
    private final SchemaInspector inspector;
    private final HistoryTable history;
    private final List<Migration> migrations;
    private final DdlLockRetry lockRetry;

    Undoer(Connection connection, EngineSupport engine, HistoryTable history, List<Migration> migrations,
           DdlLockRetry lockRetry) {
        this.lockRetry = lockRetry;
        this.connection = connection;
        this.engine = engine;
        this.sql = engine.sql();
        this.inspector = new SchemaInspector(connection, engine);
        this.history = history;
        this.migrations = migrations;
    }

    /**
     * Undoes the latest applied migration when {@code downTo} is null, else every applied migration
     * whose version is above {@code downTo} (unversioned ones count as the newest).
     */
    List<UndoResult> undo(MigrationVersion downTo, boolean force) throws SQLException {
        List<HistoryTable.Row> applied = new ArrayList<>(history.rows().stream()
                .filter(r -> r.current() && r.success()).toList());
        applied.sort(Comparator.comparing(HistoryTable.Row::version).thenComparing(HistoryTable.Row::installedRank)
                .reversed());
        List<HistoryTable.Row> chosen = downTo == null
                ? applied.stream().limit(1).toList()
                : applied.stream().filter(r -> r.version().compareTo(downTo) > 0).toList();
        List<UndoResult> results = new ArrayList<>();
        for (HistoryTable.Row row : chosen) {
            results.add(undo(row, force));
        }
        return results;
    }

    private UndoResult undo(HistoryTable.Row row, boolean force) throws SQLException {
        Optional<Migration> m = migrations.stream().filter(x -> x.script().equals(row.script())).findFirst();
        if (m.isEmpty()) {
            throw new MigrationException(row.script(), "undo", Message.UNDO_NOT_IN_CODE.format(row.script()), null);
        }
        Target target = inspector.resolve(m.get().column());
        List<String> statements;
        try {
            // Under the bounded lock wait of every DDL step, retried as one when the wait runs out: the
            // check of the column's values reads the table too.
            statements = lockRetry.run(connection, engine, target, "undo", () -> undo(row, target, force));
        } catch (SQLException e) {
            throw new MigrationException(row.script(), "undo", Message.UNDO_FAILED.format(row.script(),
                    engine.info().describe(), target.describe(), e.getMessage()), e);
        }
        boolean drop = Boolean.TRUE.equals(row.addedColumn());
        history.retire(row.script(), HistoryTable.UNDONE, drop ? "undone: column dropped" : "undone: made nullable");
        return new UndoResult(row.script(), row.version(), drop, statements);
    }

    /** Reads what is to be undone, and undoes it; returns the statements it ran. */
    private List<String> undo(HistoryTable.Row row, Target target, boolean force) throws SQLException {
        LiveColumn live = inspector.inspect(target);
        List<String> statements = new ArrayList<>();
        // An expanded migration's fill goes first: it reads the column, and would fail every insert without it.
        // Where DDL is not transactional, a NOT NULL column is relaxed before its fill goes, so that an old
        // version's insert between two statements never fails; elsewhere all run in one transaction.
        Optional<Fill> fill = engine.fill(target);
        boolean filled = live.fill() != Fill.State.NONE; // the inspector read the fill with the column
        boolean relaxed = false;
        if (filled && live.exists() && !live.nullable() && !engine.transactionalDdl()) {
            statements.add(relax(row, target));
            relaxed = true;
        }
        if (filled) {
            statements.addAll(fill.get().drop(connection));
        }
        boolean drop = Boolean.TRUE.equals(row.addedColumn());
        if (drop && live.exists()) {
            // Forced: the values are to be dropped whatever they are, so none is compared.
            long foreign = force ? 0 : valuesOtherThanBackfill(target);
            if (foreign > 0) {
                boolean java = target.spec().backfill().isJava();
                String held = java ? "a value (the row backfill " + target.spec().backfill().sql() + " computed it in"
                        + " Java, so values written since the migration cannot be told apart from it)"
                        : "a value other than the backfill " + target.spec().backfill().sql() + ": written since the"
                        + " migration";
                throw new MigrationException(row.script(), "undo", Message.UNDO_WOULD_LOSE_VALUES.format(row.script(),
                        target.describe(), foreign, held), null);
            }
            statements.add(sql.dsl().alterTable(sql.table(target)).dropColumn(DSL.name(target.column()))
                    .getSQL(org.jooq.conf.ParamType.INLINED));
        } else if (live.exists()) {
            if (!live.nullable() && !relaxed) {
                statements.add(relax(row, target));
            }
            // The default an expanded migration gave a column of the application's goes with it.
            if (row.expanded() && live.hasDefault() && !row.prior(live).hadDefault()) {
                statements.add(sql.dropDefault(target));
            }
        }
        if (engine.transactionalDdl()) {
            Connections.inTransaction(connection, () -> execute(statements));
        } else {
            execute(statements);
        }
        return statements;
    }

    private void execute(List<String> statements) throws SQLException {
        try (Statement st = connection.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        }
    }

    private long valuesOtherThanBackfill(Target target) throws SQLException {
        String col = sql.quoted(DSL.name(target.column()));
        if (target.spec().backfill().isJava()) {
            // A row backfill has no SQL to compare with: every value counts as one that would be lost.
            return count("select count(*) from " + sql.quoted(sql.table(target)) + " where " + col + " is not null");
        }
        String backfill = "(" + target.spec().backfill().sql() + ")";
        String q = "select count(*) from " + sql.quoted(sql.table(target)) + " where " + col + " is not null and ("
                + backfill + " is null or " + col + " <> " + backfill + ")";
        return count(q);
    }

    private long count(String q) throws SQLException {
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(q)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    // An engine that cannot relax NOT NULL in place says so; nothing has been changed then.
    private String relax(HistoryTable.Row row, Target target) throws SQLException {
        try {
            return engine.relaxNotNull(connection, target);
        } catch (UnsupportedOperationException e) {
            throw new MigrationException(row.script(), "undo", e.getMessage(), e);
        }
    }
}
