package io.requiredsince.runtime.internal.mysql;

import io.requiredsince.runtime.internal.EngineSupport;
import io.requiredsince.runtime.internal.Fill;
import io.requiredsince.runtime.internal.SchemaInspector;
import io.requiredsince.runtime.internal.Sql;
import io.requiredsince.runtime.internal.Target;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * MySQL's and MariaDB's fill: a {@code BEFORE INSERT} trigger of one statement, {@code SET NEW.col =
 * …} where the column is NULL. A trigger reads the row only as {@code NEW.x}, so the backfill is
 * computed over a derived table of the new row's other columns named as the table
 * ({@code SELECT expr FROM (SELECT NEW.a AS a, …) AS t}), and reads them as the batched
 * {@code UPDATE} does. The trigger runs before NOT NULL is checked, so the column is NOT NULL from
 * expand on. A single statement needs no {@code DELIMITER} in the {@code mysql} client.
 */
final class FillTrigger implements Fill {

    private final EngineSupport engine;
    private final Sql sql;
    private final Target target;

    FillTrigger(EngineSupport engine, Target target) {
        this.engine = engine;
        this.sql = engine.sql();
        this.target = target;
    }

    @Override
    public boolean beforeCheck() {
        return true;
    }

    // A trigger lives in its table's database.
    private String trigger() {
        return (target.schema() == null ? "" : sql.quoted(target.schema()) + ".") + sql.quoted(Fill.name(target));
    }

    @Override
    public List<String> create(Connection connection) throws SQLException {
        String row = new SchemaInspector(connection, engine).columnNames(target.schema(), target.table()).stream()
                .filter(c -> !c.equals(target.column())).sorted()
                .map(c -> "new." + sql.quoted(c) + " as " + sql.quoted(c)).collect(Collectors.joining(", "));
        String column = sql.quoted(target.column());
        return List.of("drop trigger if exists " + trigger(),
                "create trigger " + trigger() + " before insert on " + sql.quotedTable(target) + " for each row set new."
                        + column + " = if(new." + column + " is null, (select (" + target.spec().backfill().sql()
                        + ") from (select " + row + ") as " + sql.quoted(target.table()) + "), new." + column + ")");
    }

    @Override
    public List<String> drop(Connection connection) {
        return List.of("drop trigger if exists " + trigger());
    }

    @Override
    public State state(Connection connection) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT COUNT(*) FROM information_schema.triggers"
                + " WHERE trigger_schema = COALESCE(?, DATABASE()) AND trigger_name = ? AND event_object_table = ?")) {
            ps.setString(1, target.schema());
            ps.setString(2, Fill.name(target));
            ps.setString(3, target.table());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1) > 0 ? State.IN_PLACE : State.NONE;
            }
        }
    }
}
