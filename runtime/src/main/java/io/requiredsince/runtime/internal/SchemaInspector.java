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
    private final EngineInfo engine;

    public SchemaInspector(Connection connection, EngineInfo engine) {
        this.connection = connection;
        this.engine = engine;
    }

    /**
     * Finds the table a spec names: the exact name first, else the one name that differs only in
     * case. A missing table is an error that names it.
     */
    public Target resolve(ColumnSpec spec) throws SQLException {
        String schema = spec.schema().isEmpty() ? null : Identifiers.fold(spec.schema(), engine);
        if (engine.engine() == Engine.SQLITE && schema != null) {
            if (!schema.equalsIgnoreCase("main")) {
                throw new IllegalStateException("Table " + spec.schema() + "." + spec.table() + " is in schema "
                        + spec.schema() + ", but a SQLite database has only its own schema, main: drop the schema from"
                        + " @Table, and migrate an attached database through a DataSource of its own");
            }
            schema = null; // main is the connection's own schema
        }
        String table = findTable(schema, Identifiers.fold(spec.table(), engine));
        if (table == null) {
            throw new IllegalStateException("Table " + (schema == null ? "" : schema + ".") + spec.table()
                    + " does not exist: requiredsince adds columns to existing tables, it does not create them");
        }
        String column = Identifiers.fold(spec.column(), engine);
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

    /** The column's state now. */
    public LiveColumn inspect(Target target) throws SQLException {
        try (ResultSet rs = columns(target.schema(), target.table())) {
            while (rs.next()) {
                if (rs.getString("COLUMN_NAME").equals(target.column())) {
                    boolean nullable = rs.getInt("NULLABLE") != DatabaseMetaData.columnNoNulls;
                    String def = normalizeDefault(rs.getString("COLUMN_DEF"));
                    return new LiveColumn(true, nullable, def, notNullCheck(target));
                }
            }
        }
        return LiveColumn.MISSING;
    }

    // Only PostgreSQL's strategy uses the temporary check; elsewhere it is never there.
    private LiveColumn.Check notNullCheck(Target target) throws SQLException {
        if (engine.engine() != Engine.POSTGRES) {
            return LiveColumn.Check.NONE;
        }
        String relation = (target.schema() == null ? "" : quote(target.schema()) + ".") + quote(target.table());
        try (java.sql.PreparedStatement ps = connection.prepareStatement(
                "SELECT convalidated FROM pg_constraint WHERE conrelid = to_regclass(?) AND conname = ?")) {
            ps.setString(1, relation);
            ps.setString(2, target.notNullCheckName());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return LiveColumn.Check.NONE;
                }
                return rs.getBoolean(1) ? LiveColumn.Check.VALID : LiveColumn.Check.NOT_VALID;
            }
        }
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
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
        try (ResultSet rs = meta.getTables(catalog(schema), schemaPattern(schema), null,
                new String[] {"TABLE", "BASE TABLE"})) {
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
        return meta.getColumns(catalog(schema), schemaPattern(schema), escape(table, meta), null);
    }

    // MySQL and MariaDB call a schema a catalog.
    private String catalog(String schema) throws SQLException {
        if (engine.engine() == Engine.MYSQL || engine.engine() == Engine.MARIADB) {
            return schema != null ? schema : connection.getCatalog();
        }
        return null;
    }

    private String schemaPattern(String schema) throws SQLException {
        if (engine.engine() == Engine.MYSQL || engine.engine() == Engine.MARIADB || engine.engine() == Engine.SQLITE) {
            return null;
        }
        String s = schema != null ? schema : connection.getSchema();
        return s == null ? null : escape(s, connection.getMetaData());
    }

    private static String escape(String name, DatabaseMetaData meta) throws SQLException {
        String esc = meta.getSearchStringEscape();
        if (esc == null || esc.isEmpty()) {
            return name;
        }
        return name.replace(esc, esc + esc).replace("_", esc + "_").replace("%", esc + "%");
    }
}
