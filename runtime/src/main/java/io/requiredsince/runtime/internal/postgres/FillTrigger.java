package io.requiredsince.runtime.internal.postgres;

import io.requiredsince.runtime.internal.EngineInfo;
import io.requiredsince.runtime.internal.Fill;
import io.requiredsince.runtime.internal.Sql;
import io.requiredsince.runtime.internal.Target;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * PostgreSQL's fill: a {@code BEFORE INSERT} row trigger whose PL/pgSQL function computes the
 * backfill over the new row ({@code SELECT expr INTO NEW.col FROM (SELECT NEW.*) AS table}, so the
 * expression reads the row's columns as the batched {@code UPDATE} does) where the column is NULL.
 * It runs before NOT NULL is checked, so the column is NOT NULL from expand on. Function and
 * trigger are created and dropped together in one transaction.
 */
final class FillTrigger implements Fill {

    private final EngineInfo info;
    private final Sql sql;
    private final Target target;

    FillTrigger(EngineInfo info, Sql sql, Target target) {
        this.info = info;
        this.sql = sql;
        this.target = target;
    }

    @Override
    public boolean beforeCheck() {
        return true;
    }

    @Override
    public boolean transactional() {
        return true;
    }

    private String function() {
        return (target.schema() == null ? "" : sql.quoted(target.schema()) + ".") + sql.quoted(Fill.name(target));
    }

    private String trigger() {
        return sql.quoted(Fill.name(target));
    }

    @Override
    public List<String> create(Connection connection) {
        String column = sql.quoted(target.column());
        String body = "begin if new." + column + " is null then select (" + target.spec().backfill().sql() + ") into new."
                + column + " from (select new.*) as " + sql.quoted(target.table()) + "; end if; return new; end";
        return List.of(
                "create or replace function " + function() + "() returns trigger language plpgsql as $requiredsince$ "
                        + body + " $requiredsince$",
                "drop trigger if exists " + trigger() + " on " + sql.quotedTable(target),
                "create trigger " + trigger() + " before insert on " + sql.quotedTable(target) + " for each row execute "
                        + (info.atLeast(11, 0) ? "function " : "procedure ") + function() + "()");
    }

    @Override
    public List<String> drop(Connection connection) {
        return List.of("drop trigger if exists " + trigger() + " on " + sql.quotedTable(target),
                "drop function if exists " + function() + "()");
    }

    @Override
    public State state(Connection connection) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid"
                + " = to_regclass(?) AND tgname = ?), to_regprocedure(?) IS NOT NULL")) {
            ps.setString(1, PostgresSupport.regclass(target));
            ps.setString(2, Fill.name(target));
            ps.setString(3, function() + "()");
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                boolean trigger = rs.getBoolean(1);
                boolean function = rs.getBoolean(2);
                return trigger && function ? State.IN_PLACE : trigger || function ? State.PARTIAL : State.NONE;
            }
        }
    }
}
