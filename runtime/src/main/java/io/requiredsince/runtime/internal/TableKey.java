package io.requiredsince.runtime.internal;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a batched backfill walks a table by: its primary key (all its columns, in key order), else
 * the engine's physical row address (SQLite's {@code rowid}, PostgreSQL's {@code ctid}). Other
 * engines need a primary key, and the error says so.
 *
 * @param kind what the key is
 * @param columns the key's columns as stored, in key order; {@code rowid} or {@code ctid} for those
 */
record TableKey(Kind kind, List<String> columns) {

    enum Kind { PRIMARY_KEY, ROWID, CTID }

    static TableKey discover(Connection connection, EngineInfo engine, Target target) throws SQLException {
        Map<Integer, String> bySeq = new TreeMap<>();
        DatabaseMetaData meta = connection.getMetaData();
        boolean mysql = engine.engine() == Engine.MYSQL || engine.engine() == Engine.MARIADB;
        String catalog = mysql ? (target.schema() != null ? target.schema() : connection.getCatalog()) : null;
        String schema = mysql || engine.engine() == Engine.SQLITE ? null
                : target.schema() != null ? target.schema() : connection.getSchema();
        try (ResultSet rs = meta.getPrimaryKeys(catalog, schema, target.table())) {
            while (rs.next()) {
                bySeq.put(rs.getInt("KEY_SEQ"), rs.getString("COLUMN_NAME"));
            }
        }
        if (!bySeq.isEmpty()) {
            return new TableKey(Kind.PRIMARY_KEY, List.copyOf(new ArrayList<>(bySeq.values())));
        }
        return switch (engine.engine()) {
            case SQLITE -> new TableKey(Kind.ROWID, List.of("rowid"));
            case POSTGRES -> new TableKey(Kind.CTID, List.of("ctid"));
            default -> throw new IllegalStateException("Table " + target.describe().substring(0,
                    target.describe().length() - target.column().length() - 1) + " has no primary key: a batched"
                    + " backfill walks the table by its primary key, and " + engine.engine().displayName()
                    + " offers no row address to walk instead. Add one (ALTER TABLE " + target.table()
                    + " ADD PRIMARY KEY (…)) and run migrate() again");
        };
    }

    String describe() {
        return switch (kind) {
            case PRIMARY_KEY -> "primary key (" + String.join(", ", columns) + ")";
            case ROWID -> "rowid";
            case CTID -> "ctid ranges";
        };
    }
}
