package io.requiredsince.runtime;

import java.util.Objects;

/**
 * A column type: a portable one that each engine renders in its own syntax ({@code UUID} is
 * {@code uuid} on PostgreSQL and {@code char(36)} on MySQL, for instance), or an {@link Kind#EXPLICIT}
 * one, written by the developer ({@code @RequiredSince(sqlType = "jsonb")}) and used as written on
 * every engine.
 *
 * @param kind the type family
 * @param length the length of character types, else 0
 * @param precision the precision of {@code DECIMAL}, else 0
 * @param scale the scale of {@code DECIMAL}, else 0
 * @param sql the type as written, for {@link Kind#EXPLICIT}; else empty
 */
public record SqlType(Kind kind, int length, int precision, int scale, String sql) {

    /** The type families a {@code @RequiredSince} field can map to. */
    public enum Kind {
        VARCHAR, CHAR, BOOLEAN, SMALLINT, INTEGER, BIGINT, REAL, DOUBLE, DECIMAL, UUID,
        DATE, TIME, TIMESTAMP, TIMESTAMP_WITH_TIME_ZONE,
        /** A type written by the developer in SQL ({@code sqlType}, or JPA's {@code columnDefinition}). */
        EXPLICIT
    }

    public SqlType {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(sql, "sql");
        boolean sized = switch (kind) {
            case VARCHAR, CHAR -> length > 0 && precision == 0 && scale == 0;
            case DECIMAL -> length == 0 && precision > 0 && scale >= 0 && scale <= precision;
            default -> length == 0 && precision == 0 && scale == 0;
        };
        if (!sized) {
            throw new IllegalArgumentException("Invalid size for " + kind + ": length=" + length
                    + " precision=" + precision + " scale=" + scale);
        }
        if ((kind == Kind.EXPLICIT) == sql.isBlank()) {
            throw new IllegalArgumentException(kind == Kind.EXPLICIT ? "An explicit SQL type needs its SQL"
                    : "Only an explicit SQL type carries SQL: " + sql);
        }
    }

    /** A portable type. */
    public SqlType(Kind kind, int length, int precision, int scale) {
        this(kind, length, precision, scale, "");
    }

    /**
     * A type written in SQL, such as {@code jsonb}, {@code text} or {@code numeric(12, 3)}: every
     * engine gets it as written, so it must be one the target engine knows.
     */
    public static SqlType explicit(String sql) {
        return new SqlType(Kind.EXPLICIT, 0, 0, 0, Objects.requireNonNull(sql, "sql").strip());
    }

    public static SqlType varchar(int length) {
        return new SqlType(Kind.VARCHAR, length, 0, 0);
    }

    public static SqlType character(int length) {
        return new SqlType(Kind.CHAR, length, 0, 0);
    }

    public static SqlType bool() {
        return of(Kind.BOOLEAN);
    }

    public static SqlType smallint() {
        return of(Kind.SMALLINT);
    }

    public static SqlType integer() {
        return of(Kind.INTEGER);
    }

    public static SqlType bigint() {
        return of(Kind.BIGINT);
    }

    public static SqlType real() {
        return of(Kind.REAL);
    }

    public static SqlType doublePrecision() {
        return of(Kind.DOUBLE);
    }

    public static SqlType decimal(int precision, int scale) {
        return new SqlType(Kind.DECIMAL, 0, precision, scale);
    }

    public static SqlType uuid() {
        return of(Kind.UUID);
    }

    public static SqlType date() {
        return of(Kind.DATE);
    }

    public static SqlType time() {
        return of(Kind.TIME);
    }

    public static SqlType timestamp() {
        return of(Kind.TIMESTAMP);
    }

    public static SqlType timestampWithTimeZone() {
        return of(Kind.TIMESTAMP_WITH_TIME_ZONE);
    }

    private static SqlType of(Kind kind) {
        return new SqlType(kind, 0, 0, 0);
    }

    /** The type in standard SQL, such as {@code varchar(255)} or {@code decimal(19, 2)}. */
    @Override
    public String toString() {
        String name = kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        return switch (kind) {
            case VARCHAR, CHAR -> name + "(" + length + ")";
            case DECIMAL -> name + "(" + precision + ", " + scale + ")";
            case DOUBLE -> "double precision";
            case EXPLICIT -> sql;
            default -> name;
        };
    }
}
