package io.requiredsince.runtime.internal;

import io.requiredsince.runtime.SqlType;
import java.util.Locale;
import java.util.UUID;

/**
 * The conversions of Java values that every engine's binding is made of ({@link EngineSupport#jdbcValue}):
 * an enum is written as its name, a {@link UUID} as its text unless the column is a native
 * {@code uuid}, and for drivers that take no {@code java.time} value, the {@code java.sql} type of
 * the same instant or date (in the JVM's time zone, like every JDBC timestamp).
 */
public final class JdbcValues {

    private JdbcValues() {
    }

    /** Enums as their name. */
    public static Object common(Object value) {
        if (value instanceof Enum<?> e) {
            return e.name();
        }
        return value;
    }

    /** A UUID as itself into a native {@code uuid} column, else as its text. */
    public static Object uuid(UUID uuid, boolean engineHasUuid, SqlType type) {
        boolean column = type.kind() == SqlType.Kind.UUID
                || type.kind() == SqlType.Kind.EXPLICIT && type.sql().toLowerCase(Locale.ROOT).startsWith("uuid");
        return engineHasUuid && column ? uuid : uuid.toString();
    }

    /** {@code java.time} values as {@link java.sql.Timestamp}, {@link java.sql.Date} or {@link java.sql.Time}. */
    public static Object withoutJavaTime(Object value) {
        if (value instanceof java.time.Instant instant) {
            return java.sql.Timestamp.from(instant);
        }
        if (value instanceof java.time.ZonedDateTime zoned) {
            return java.sql.Timestamp.from(zoned.toInstant());
        }
        if (value instanceof java.time.OffsetDateTime odt) {
            return java.sql.Timestamp.from(odt.toInstant());
        }
        if (value instanceof java.time.LocalDateTime ldt) {
            return java.sql.Timestamp.valueOf(ldt);
        }
        if (value instanceof java.time.LocalDate ld) {
            return java.sql.Date.valueOf(ld);
        }
        if (value instanceof java.time.LocalTime lt) {
            return java.sql.Time.valueOf(lt);
        }
        return value;
    }

    /**
     * The binding of drivers that take {@code java.time} values but not every one: an {@link java.time.Instant}
     * and a {@link java.time.ZonedDateTime} go as an {@link java.time.OffsetDateTime} (pgjdbc refuses both).
     */
    public static Object withJavaTime(Object value, boolean engineHasUuid, SqlType type) {
        Object v = common(value);
        if (v instanceof UUID u) {
            return uuid(u, engineHasUuid, type);
        }
        if (v instanceof java.time.Instant instant) {
            return java.time.OffsetDateTime.ofInstant(instant, java.time.ZoneOffset.UTC);
        }
        if (v instanceof java.time.ZonedDateTime zoned) {
            return zoned.toOffsetDateTime();
        }
        return v;
    }

    /** The binding of drivers that take no {@code java.time} value (Derby, SQLite). */
    public static Object noJavaTime(Object value, SqlType type) {
        Object v = common(value);
        if (v instanceof UUID u) {
            return uuid(u, false, type);
        }
        return withoutJavaTime(v);
    }
}
