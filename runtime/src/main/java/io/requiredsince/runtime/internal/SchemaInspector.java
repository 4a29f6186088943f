package io.requiredsince.runtime.internal;

import io.requiredsince.runtime.ColumnSpec;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Reads the live catalog through JDBC metadata: which table a spec means, and its column's state. */
public final class SchemaInspector {

    private final Connection connection;
    private final EngineSupport engine;

    public SchemaInspector(Connection connection, EngineSupport engine) {
        this.connection = connection;
        this.engine = engine;
    }

    /**
     * Finds the table a spec names: the exact name first, else the one name that differs only in
     * case. A missing table is an error that names it.
     */
    public Target resolve(ColumnSpec spec) throws SQLException {
        String schema = engine.schemaOf(spec);
        String table = findTable(schema, Identifiers.fold(spec.table(), engine.info()));
        if (table == null) {
            throw Message.TABLE_MISSING.failure((schema == null ? "" : schema + ".") + spec.table());
        }
        String column = Identifiers.fold(spec.column(), engine.info());
        String existing = findColumn(schema, table, column);
        return new Target(spec, schema, table, existing != null ? existing : column);
    }

    /** Whether a table exists, matched exactly. */
    public boolean tableExists(String schema, String table) throws SQLException {
        return table.equals(findTable(schema, table));
    }

    /** The names of a table's columns, as stored. */
    public java.util.Set<String> columnNames(String schema, String table) throws SQLException {
        java.util.Set<String> names = new java.util.HashSet<>();
        try (ResultSet rs = columns(schema, table)) {
            while (rs.next()) {
                names.add(rs.getString("COLUMN_NAME"));
            }
        }
        return names;
    }

    /** The declared size of each of a table's columns (characters for text), by name as stored. */
    public java.util.Map<String, Integer> columnSizes(String schema, String table) throws SQLException {
        java.util.Map<String, Integer> sizes = new java.util.HashMap<>();
        try (ResultSet rs = columns(schema, table)) {
            while (rs.next()) {
                sizes.put(rs.getString("COLUMN_NAME"), rs.getInt("COLUMN_SIZE"));
            }
        }
        return sizes;
    }

    /** The column's state now. */
    public LiveColumn inspect(Target target) throws SQLException {
        try (ResultSet rs = columns(target.schema(), target.table())) {
            while (rs.next()) {
                if (rs.getString("COLUMN_NAME").equals(target.column())) {
                    boolean nullable = rs.getInt("NULLABLE") != DatabaseMetaData.columnNoNulls;
                    String def = normalizeDefault(rs.getString("COLUMN_DEF"));
                    return new LiveColumn(true, nullable, def, engine.notNullCheck(connection, target),
                            fillState(target));
                }
            }
        }
        // A fill can outlive its column (a run that ended between dropping one and the other).
        return LiveColumn.MISSING.withFill(fillState(target));
    }

    private Fill.State fillState(Target target) throws SQLException {
        java.util.Optional<Fill> fill = engine.fill(target);
        return fill.isPresent() ? fill.get().state(connection) : Fill.State.NONE;
    }

    /** The column's type as the catalog reports it; empty when the column does not exist. */
    public java.util.Optional<ColumnType> type(Target target) throws SQLException {
        try (ResultSet rs = columns(target.schema(), target.table())) {
            while (rs.next()) {
                if (rs.getString("COLUMN_NAME").equals(target.column())) {
                    return java.util.Optional.of(new ColumnType(rs.getInt("DATA_TYPE"), rs.getString("TYPE_NAME"),
                            rs.getInt("COLUMN_SIZE"), rs.getInt("DECIMAL_DIGITS")));
                }
            }
        }
        return java.util.Optional.empty();
    }

    private static String normalizeDefault(String def) {
        // Some catalogs report "no default" as the text NULL.
        if (def == null || def.isBlank() || def.strip().equalsIgnoreCase("null")) {
            return null;
        }
        return def.strip();
    }

    private String findTable(String schema, String table) throws SQLException {
        List<String> caseInsensitive = new ArrayList<>();
        DatabaseMetaData meta = connection.getMetaData();
        EngineSupport.MetadataScope scope = engine.scope(connection, schema);
        try (ResultSet rs = meta.getTables(scope.catalog(), pattern(scope.schema(), meta), null,
                engine.tableTypes())) {
            while (rs.next()) {
                String name = rs.getString("TABLE_NAME");
                if (name.equals(table)) {
                    return name;
                }
                if (name.toLowerCase(Locale.ROOT).equals(table.toLowerCase(Locale.ROOT))) {
                    caseInsensitive.add(name);
                }
            }
        }
        return caseInsensitive.size() == 1 ? caseInsensitive.get(0) : null;
    }

    private String findColumn(String schema, String table, String column) throws SQLException {
        List<String> caseInsensitive = new ArrayList<>();
        try (ResultSet rs = columns(schema, table)) {
            while (rs.next()) {
                String name = rs.getString("COLUMN_NAME");
                if (name.equals(column)) {
                    return name;
                }
                if (name.equalsIgnoreCase(column)) {
                    caseInsensitive.add(name);
                }
            }
        }
        return caseInsensitive.size() == 1 ? caseInsensitive.get(0) : null;
    }

    private ResultSet columns(String schema, String table) throws SQLException {
        DatabaseMetaData meta = connection.getMetaData();
        EngineSupport.MetadataScope scope = engine.scope(connection, schema);
        return meta.getColumns(scope.catalog(), pattern(scope.schema(), meta), escape(table, meta), null);
    }

    private static String pattern(String schema, DatabaseMetaData meta) throws SQLException {
        return schema == null ? null : escape(schema, meta);
    }

    private static String escape(String name, DatabaseMetaData meta) throws SQLException {
        String esc = meta.getSearchStringEscape();
        if (esc == null || esc.isEmpty()) {
            return name;
        }
        return name.replace(esc, esc + esc).replace("_", esc + "_").replace("%", esc + "%");
    }
}
