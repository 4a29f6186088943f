package io.requiredsince.runtime.internal.embedded;

import io.requiredsince.runtime.internal.Fill;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * H2's fill ({@link KeyedFill}), an {@code AFTER INSERT} row trigger class H2 instantiates. The H2
 * constant of the trigger's name, in the trigger's schema, says what to run ({@link KeyedFill#h2Definition}): the table, the target column, the
 * key columns, and the {@code UPDATE} with one parameter per key column; this class binds the new
 * row's key and runs it when the new row's column is NULL. The constant is created before the
 * trigger and dropped after it.
 */
public final class H2Fill implements org.h2.api.Trigger {

    private String schema;
    private String trigger;
    private volatile Plan plan;

    /** What the constant says, the columns found by their place in the row. */
    private record Plan(int column, int[] key, String update) {
    }

    @Override
    public void init(Connection connection, String schemaName, String triggerName, String tableName, boolean before,
                     int type) {
        this.schema = schemaName;
        // While H2 copies the table for an ALTER TABLE, the trigger's name carries a prefix of the copy's.
        int own = triggerName.indexOf(Fill.PREFIX);
        this.trigger = own > 0 ? triggerName.substring(own) : triggerName;
    }

    @Override
    public void fire(Connection connection, Object[] oldRow, Object[] newRow) throws SQLException {
        Plan p = plan != null ? plan : read(connection);
        if (newRow[p.column()] != null) {
            return;
        }
        try (PreparedStatement ps = connection.prepareStatement(p.update())) {
            for (int i = 0; i < p.key().length; i++) {
                ps.setObject(i + 1, newRow[p.key()[i]]);
            }
            ps.executeUpdate();
        }
    }

    private static String quoted(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    private Plan read(Connection connection) throws SQLException {
        String definition;
        try (PreparedStatement ps = connection.prepareStatement("SELECT " + quoted(schema) + "." + quoted(trigger));
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            definition = rs.getString(1);
        }
        // The table as named in the definition: while H2 copies it, init names the copy.
        String[] lines = definition.split("\n", 4);
        Map<String, Integer> position = new HashMap<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT COLUMN_NAME, ORDINAL_POSITION FROM"
                + " INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?")) {
            ps.setString(1, schema);
            ps.setString(2, lines[0]);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    position.put(rs.getString(1), rs.getInt(2) - 1);
                }
            }
        }
        Integer column = position.get(lines[1]);
        if (column == null || !Arrays.stream(lines[2].split("\t")).allMatch(position::containsKey)) {
            throw new SQLException("The fill " + trigger + " of requiredsince finds no column " + lines[1] + " or no key "
                    + lines[2] + " in table " + lines[0] + ": drop it (DROP TRIGGER " + quoted(trigger) + ") or run the"
                    + " migration's complete()");
        }
        int[] key = Arrays.stream(lines[2].split("\t")).mapToInt(position::get).toArray();
        Plan read = new Plan(column, key, lines[3]);
        plan = read;
        return read;
    }
}
