package io.requiredsince.runtime.internal.sqlite;

import io.requiredsince.runtime.internal.Fill;
import io.requiredsince.runtime.internal.Sql;
import io.requiredsince.runtime.internal.Target;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * SQLite's fill: an {@code AFTER INSERT} trigger that gives the new row the backfill where the
 * column is NULL, with the same {@code UPDATE} a batch runs, found by its primary key (else its
 * {@code rowid}). A SQLite trigger cannot set the new row before it is checked, so the column stays
 * nullable until complete.
 */
final class FillTrigger implements Fill {

    private final Sql sql;
    private final Target target;

    FillTrigger(Sql sql, Target target) {
        this.sql = sql;
        this.target = target;
    }

    @Override
    public boolean beforeCheck() {
        return false;
    }

    @Override
    public List<String> create(Connection connection) throws SQLException {
        List<String> key = primaryKey(connection);
        String where = key.isEmpty() ? "rowid = new.rowid"
                : key.stream().map(c -> sql.quoted(c) + " = new." + sql.quoted(c)).collect(Collectors.joining(" and "));
        String column = sql.quoted(target.column());
        return List.of("create trigger if not exists " + sql.quoted(Fill.name(target)) + " after insert on "
                + sql.quotedTable(target) + " for each row when new." + column + " is null begin update "
                + sql.quotedTable(target) + " set " + column + " = (" + target.spec().backfill().sql() + ") where "
                + where + "; end");
    }

    private List<String> primaryKey(Connection connection) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk")) {
            ps.setString(1, target.table());
            List<String> key = new java.util.ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    key.add(rs.getString(1));
                }
            }
            return key;
        }
    }

    @Override
    public List<String> drop(Connection connection) {
        return List.of("drop trigger if exists " + sql.quoted(Fill.name(target)));
    }

    @Override
    public State state(Connection connection) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND name = ? AND tbl_name = ?")) {
            ps.setString(1, Fill.name(target));
            ps.setString(2, target.table());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1) > 0 ? State.IN_PLACE : State.NONE;
            }
        }
    }
}
