package io.requiredsince.runtime.internal.mysql;

import io.requiredsince.runtime.SqlType;
import io.requiredsince.runtime.internal.Message;
import io.requiredsince.runtime.internal.Sql;
import io.requiredsince.runtime.internal.Target;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import org.jooq.impl.DSL;

/**
 * The DDL text of MySQL and MariaDB, which this package writes itself: jOOQ 3.19 renders neither
 * {@code MODIFY} (it needs the column's whole definition) nor {@code DROP DEFAULT} right for these
 * dialects. Identifiers are quoted through jOOQ.
 */
final class ColumnDefinition {

    private final Sql sql;
    private final boolean mariadb;

    ColumnDefinition(Sql sql, boolean mariadb) {
        this.sql = sql;
        this.mariadb = mariadb;
    }

    String alter(Target target) {
        return "ALTER TABLE " + sql.quotedTable(target);
    }

    String column(Target target) {
        return sql.quoted(target.column());
    }

    String proveSql(Target target) {
        return "SELECT 1 FROM " + sql.quotedTable(target) + " WHERE " + column(target) + " IS NULL LIMIT 1";
    }

    /**
     * {@code MODIFY … NOT NULL} as planned: the spec's type and the default the road gives the
     * column by then ({@code withDefault}, or null for none), no live definition read.
     */
    String plannedModify(Target target, String withDefault) {
        return modify(target, type(target.spec().type()), withDefault == null ? null : " DEFAULT " + withDefault,
                NOT_NULL);
    }

    /** What {@link #liveModify} ends the definition with. */
    static final String NOT_NULL = "NOT NULL";
    static final String NULL = "NULL";

    /**
     * {@code ALTER TABLE t MODIFY COLUMN c <definition> <nullability>} from information_schema.COLUMNS: the
     * type, the character set and collation when they differ from the table's, the default and the
     * comment. A type equal to the spec's is written as the spec's, so that plan() shows what runs.
     */
    String liveModify(Target target, Connection connection, String nullability) throws SQLException {
        String schema = target.schema() != null ? target.schema() : connection.getCatalog();
        String q = "SELECT c.COLUMN_TYPE, c.CHARACTER_SET_NAME, c.COLLATION_NAME, c.COLUMN_DEFAULT,"
                + " c.COLUMN_COMMENT, c.EXTRA, t.TABLE_COLLATION FROM information_schema.COLUMNS c"
                + " JOIN information_schema.TABLES t ON t.TABLE_SCHEMA = c.TABLE_SCHEMA AND t.TABLE_NAME = c.TABLE_NAME"
                + " WHERE c.TABLE_SCHEMA = ? AND c.TABLE_NAME = ? AND c.COLUMN_NAME = ?";
        try (PreparedStatement ps = connection.prepareStatement(q)) {
            ps.setString(1, schema);
            ps.setString(2, target.table());
            ps.setString(3, target.column());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw Message.COLUMN_VANISHED.failure(target.describe());
                }
                String columnType = rs.getString(1);
                String charset = rs.getString(2);
                String collation = rs.getString(3);
                String def = rs.getString(4);
                String comment = rs.getString(5);
                String extra = rs.getString(6);
                String tableCollation = rs.getString(7);
                String specType = type(target.spec().type());
                StringBuilder d = new StringBuilder(
                        canonical(columnType).equals(canonical(specType)) ? specType : columnType);
                if (collation != null && !collation.equalsIgnoreCase(tableCollation)) {
                    d.append(" CHARACTER SET ").append(charset).append(" COLLATE ").append(collation);
                }
                String defaultClause = defaultClause(def, extra);
                String tail = (defaultClause == null ? "" : " DEFAULT " + defaultClause)
                        + (comment == null || comment.isEmpty() ? "" : " COMMENT " + sql.literal(comment));
                return modify(target, d.toString(), tail, nullability);
            }
        }
    }

    private String defaultClause(String def, String extra) {
        if (def == null || def.equalsIgnoreCase("NULL")) {
            return null;
        }
        if (mariadb) {
            return def; // MariaDB ≥ 10.2.7 reports the default as an SQL expression: 'free', 0, current_timestamp()
        }
        boolean expression = extra != null && extra.toUpperCase(Locale.ROOT).contains("DEFAULT_GENERATED");
        return expression ? "(" + def + ")" : sql.dsl().render(DSL.inline(def));
    }

    /** A column type without what does not change it: integer display widths, spaces, case. */
    static String canonical(String type) {
        String t = type.toLowerCase(Locale.ROOT).replace(" ", "");
        if (t.equals("boolean") || t.equals("bool") || t.equals("tinyint(1)")) {
            return "boolean";
        }
        t = t.replaceFirst("^(tinyint|smallint|mediumint|int|integer|bigint)\\(\\d+\\)", "$1");
        return t.replaceFirst("^integer", "int");
    }

    private String modify(Target target, String definition, String tail, String nullability) {
        return alter(target) + " MODIFY COLUMN " + column(target) + " " + definition + (tail == null ? "" : tail)
                + " " + nullability;
    }

    /** The column type in MySQL/MariaDB syntax, the same text in ADD COLUMN and MODIFY. */
    static String type(SqlType type) {
        return switch (type.kind()) {
            case VARCHAR -> "varchar(" + type.length() + ")";
            case CHAR -> "char(" + type.length() + ")";
            case BOOLEAN -> "boolean";
            case SMALLINT -> "smallint";
            case INTEGER -> "int";
            case BIGINT -> "bigint";
            case REAL -> "float";
            case DOUBLE -> "double";
            case DECIMAL -> "decimal(" + type.precision() + "," + type.scale() + ")";
            case UUID -> "char(36)";
            case DATE -> "date";
            case TIME -> "time(6)";
            case TIMESTAMP, TIMESTAMP_WITH_TIME_ZONE -> "datetime(6)";
            case EXPLICIT -> type.sql();
        };
    }
}
