package io.requiredsince.runtime.internal;

import io.requiredsince.runtime.SqlType;
import java.sql.Types;
import java.util.Locale;
import java.util.Set;

/**
 * An existing column's type as JDBC metadata reports it ({@code getColumns}: DATA_TYPE, TYPE_NAME,
 * COLUMN_SIZE, DECIMAL_DIGITS), compared with a spec's {@link SqlType} by JDBC type family and size.
 * Where an engine's catalog reports its own types differently (SQLite's affinities, MySQL's
 * {@code tinyint(1)}), its {@link EngineSupport#sameType} says so.
 *
 * @param jdbcType {@link java.sql.Types}
 * @param typeName the engine's name of the type
 * @param size the length of character types, the precision of numbers
 * @param digits the scale of decimals
 */
public record ColumnType(int jdbcType, String typeName, int size, int digits) {

    private static final Set<Integer> CHARACTERS = Set.of(Types.VARCHAR, Types.NVARCHAR, Types.CHAR, Types.NCHAR,
            Types.LONGVARCHAR, Types.LONGNVARCHAR, Types.CLOB, Types.NCLOB);
    private static final Set<Integer> NUMBERS = Set.of(Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT,
            Types.REAL, Types.FLOAT, Types.DOUBLE, Types.DECIMAL, Types.NUMERIC);

    /** Whether the column holds text. */
    public boolean isCharacter() {
        return CHARACTERS.contains(jdbcType);
    }

    /** Whether the column holds numbers only. */
    public boolean isNumeric() {
        return NUMBERS.contains(jdbcType);
    }

    /** The longest text the column takes, when the catalog says (character types only). */
    public int maxLength() {
        return isCharacter() && size > 0 ? size : Integer.MAX_VALUE;
    }

    /** The type the engine-neutral way: family by JDBC type, then length, precision and scale. */
    public boolean matches(SqlType spec) {
        return switch (spec.kind()) {
            case VARCHAR -> is(Types.VARCHAR, Types.NVARCHAR) && size == spec.length();
            case CHAR -> is(Types.CHAR, Types.NCHAR) && size == spec.length();
            case BOOLEAN -> is(Types.BOOLEAN, Types.BIT);
            case SMALLINT -> is(Types.SMALLINT);
            case INTEGER -> is(Types.INTEGER);
            case BIGINT -> is(Types.BIGINT);
            case REAL -> is(Types.REAL, Types.FLOAT);
            case DOUBLE -> is(Types.DOUBLE, Types.FLOAT);
            case DECIMAL -> is(Types.DECIMAL, Types.NUMERIC) && size == spec.precision() && digits == spec.scale();
            // A native uuid, or its text form: char(36).
            case UUID -> name().equals("uuid") || isCharacter() && size == 36;
            case DATE -> is(Types.DATE);
            case TIME -> is(Types.TIME, Types.TIME_WITH_TIMEZONE);
            case TIMESTAMP -> is(Types.TIMESTAMP);
            case TIMESTAMP_WITH_TIME_ZONE -> is(Types.TIMESTAMP_WITH_TIMEZONE);
            // Written by the developer in the engine's own words: nothing engine-neutral to compare it with.
            case EXPLICIT -> true;
        };
    }

    /** The type name in lower case. */
    public String name() {
        return typeName == null ? "" : typeName.toLowerCase(Locale.ROOT);
    }

    /** Whether the JDBC type is one of {@code types}. */
    public boolean is(int... types) {
        for (int t : types) {
            if (jdbcType == t) {
                return true;
            }
        }
        return false;
    }

    /** The type as a message shows it: {@code varchar(10)}, {@code numeric(19, 2)}, {@code int4}. */
    public String describe() {
        String name = typeName == null ? "type " + jdbcType : typeName;
        if (name.contains("(")) {
            return name;
        }
        if (is(Types.VARCHAR, Types.NVARCHAR, Types.CHAR, Types.NCHAR) && size > 0 && size < Integer.MAX_VALUE / 2) {
            return name + "(" + size + ")";
        }
        if (is(Types.DECIMAL, Types.NUMERIC) && size > 0) {
            return name + "(" + size + ", " + digits + ")";
        }
        return name;
    }
}
