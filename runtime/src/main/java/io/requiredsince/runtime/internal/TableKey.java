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
 * what the engine offers for a table without one ({@link EngineSupport#keyless}): a row address
 * walked in order like a one-column key (SQLite's {@code rowid}), or ranges of a physical address
 * ({@link AddressRanges}, PostgreSQL's {@code ctid}).
 *
 * @param kind what the key is
 * @param columns the key's columns as stored, in key order; the address's name for the others
 * @param ranges the address ranges, for {@link Kind#ADDRESS_RANGES}; else null
 */
public record TableKey(Kind kind, List<String> columns, AddressRanges ranges) {

    /** What the key is. */
    public enum Kind { PRIMARY_KEY, ADDRESS, ADDRESS_RANGES }

    /** A row address walked in order, like a one-column key; written unquoted. */
    public static TableKey address(String name) {
        return new TableKey(Kind.ADDRESS, List.of(name), null);
    }

    /** A physical address walked in ranges. */
    public static TableKey ranges(AddressRanges ranges) {
        return new TableKey(Kind.ADDRESS_RANGES, List.of(ranges.column()), ranges);
    }

    /** The primary key of the target's table, else what the engine walks instead. */
    static TableKey discover(Connection connection, EngineSupport engine, Target target) throws SQLException {
        List<String> pk = primaryKey(connection, engine, target);
        if (!pk.isEmpty()) {
            return new TableKey(Kind.PRIMARY_KEY, pk, null);
        }
        return engine.keyless(connection, target);
    }

    /** The primary key's columns of the target's table, in key order; empty when it has none. */
    public static List<String> primaryKey(Connection connection, EngineSupport engine, Target target) throws SQLException {
        Map<Integer, String> bySeq = new TreeMap<>();
        DatabaseMetaData meta = connection.getMetaData();
        EngineSupport.MetadataScope scope = engine.scope(connection, target.schema());
        try (ResultSet rs = meta.getPrimaryKeys(scope.catalog(), scope.schema(), target.table())) {
            while (rs.next()) {
                bySeq.put(rs.getInt("KEY_SEQ"), rs.getString("COLUMN_NAME"));
            }
        }
        return List.copyOf(new ArrayList<>(bySeq.values()));
    }

    /** Whether the key's names are written quoted (a primary key) or as they are (an address). */
    boolean quoted() {
        return kind == Kind.PRIMARY_KEY;
    }

    String describe() {
        return switch (kind) {
            case PRIMARY_KEY -> "primary key (" + String.join(", ", columns) + ")";
            case ADDRESS -> columns.get(0);
            case ADDRESS_RANGES -> ranges.describe();
        };
    }
}
