package io.requiredsince.runtime.internal.embedded;

import io.requiredsince.runtime.internal.Engine;
import io.requiredsince.runtime.internal.EngineSupport;
import io.requiredsince.runtime.internal.Fill;
import io.requiredsince.runtime.internal.Sql;
import io.requiredsince.runtime.internal.TableKey;
import io.requiredsince.runtime.internal.Target;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The fill of H2, HSQLDB and Derby: an {@code AFTER INSERT} row trigger that runs the batches'
 * {@code UPDATE} for the new row, found by its primary key, where the column is NULL. Derby's and
 * HSQLDB's triggers are SQL; H2's triggers are Java classes, so H2 runs {@link H2Fill}, which reads
 * the statement from an H2 constant of the trigger's name (a comment would not do: H2 drops a
 * trigger's comment when its table is altered). None of the three sets a row before its NOT NULL check,
 * so the column stays nullable until complete. A table without a primary key has no fill: the rows
 * inserted meanwhile stay NULL until complete fills them.
 */
final class KeyedFill implements Fill {

    /**
     * The trigger class, by name: H2 loads it where H2 is (named, so that the runtime never loads it
     * where H2 is not, as in a build plugin whose project brings H2).
     */
    static final String H2_FILL = "io.requiredsince.runtime.internal.embedded.H2Fill";

    /** The name the new row goes by in the trigger's statement. */
    private static final String NEW = "requiredsince_new";

    private final EngineSupport engine;
    private final Sql sql;
    private final Target target;

    KeyedFill(EngineSupport engine, Target target) {
        this.engine = engine;
        this.sql = engine.sql();
        this.target = target;
    }

    @Override
    public boolean beforeCheck() {
        return false;
    }

    private String trigger() {
        return (target.schema() == null ? "" : sql.quoted(target.schema()) + ".") + sql.quoted(Fill.name(target));
    }

    @Override
    public List<String> create(Connection connection) throws SQLException {
        List<String> key = TableKey.primaryKey(connection, engine, target);
        if (key.isEmpty()) {
            return List.of();
        }
        String column = sql.quoted(target.column());
        String set = "update " + sql.quotedTable(target) + " set " + column + " = (" + target.spec().backfill().sql()
                + ") where ";
        String on = " and " + column + " is null";
        return switch (engine.info().engine()) {
            case H2 -> {
                String update = set + key.stream().map(c -> sql.quoted(c) + " = ?").collect(Collectors.joining(" and "))
                        + on;
                yield List.of("create constant if not exists " + trigger() + " value "
                                + sql.literal(h2Definition(target.table(), target.column(), key, update)),
                        "create trigger if not exists " + trigger() + " after insert on " + sql.quotedTable(target)
                                + " for each row call " + sql.literal(H2_FILL));
            }
            case HSQLDB -> List.of("create trigger " + trigger() + " after insert on " + sql.quotedTable(target)
                    + " referencing new row as " + NEW + " for each row " + set + byKey(key) + on);
            default -> List.of("create trigger " + trigger() + " after insert on " + sql.quotedTable(target)
                    + " referencing new as " + NEW + " for each row " + set + byKey(key) + on);
        };
    }

    /** What {@link H2Fill} reads from its constant: the table, the column, the key columns, then the statement. */
    static String h2Definition(String table, String column, List<String> key, String update) {
        return table + "\n" + column + "\n" + String.join("\t", key) + "\n" + update;
    }

    private String byKey(List<String> key) {
        return key.stream().map(c -> sql.quoted(c) + " = " + NEW + "." + sql.quoted(c))
                .collect(Collectors.joining(" and "));
    }

    @Override
    public List<String> drop(Connection connection) throws SQLException {
        if (engine.info().engine() == Engine.H2) {
            return List.of("drop trigger if exists " + trigger(), "drop constant if exists " + trigger());
        }
        // HSQLDB and Derby drop a trigger only where there is one.
        return state(connection) == State.NONE ? List.of() : List.of("drop trigger " + trigger());
    }

    @Override
    public State state(Connection connection) throws SQLException {
        String schema = target.schema() != null ? target.schema() : connection.getSchema();
        if (engine.info().engine() == Engine.DERBY) {
            return exists(connection, "SELECT 1 FROM SYS.SYSTRIGGERS t JOIN SYS.SYSSCHEMAS s ON t.SCHEMAID = s.SCHEMAID"
                    + " WHERE s.SCHEMANAME = ? AND t.TRIGGERNAME = ?", schema) ? State.IN_PLACE : State.NONE;
        }
        boolean trigger = exists(connection, "SELECT 1 FROM INFORMATION_SCHEMA.TRIGGERS WHERE TRIGGER_SCHEMA = ?"
                + " AND TRIGGER_NAME = ?", schema);
        if (engine.info().engine() != Engine.H2) {
            return trigger ? State.IN_PLACE : State.NONE;
        }
        // H2's fill is the trigger and the constant that holds its statement.
        boolean constant = exists(connection, "SELECT 1 FROM INFORMATION_SCHEMA.CONSTANTS WHERE CONSTANT_SCHEMA = ?"
                + " AND CONSTANT_NAME = ?", schema);
        return trigger && constant ? State.IN_PLACE : trigger || constant ? State.PARTIAL : State.NONE;
    }

    private boolean exists(Connection connection, String query, String schema) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(query)) {
            ps.setString(1, schema);
            ps.setString(2, Fill.name(target));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
