package io.requiredsince.runtime.internal.sqlite;

import io.requiredsince.runtime.SqlType;
import io.requiredsince.runtime.internal.JdbcValues;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jooq.Converter;
import org.jooq.DataType;
import org.jooq.Field;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultDataType;
import org.jooq.impl.SQLDataType;

/**
 * Dates and times on SQLite, which has no such type and keeps whatever it is handed. Three readers
 * must get a written value back: sqlite-jdbc ({@code getTimestamp}, {@code getObject(…, LocalDateTime.class)}),
 * which reads epoch milliseconds and text in its {@code date_string_format} ({@code yyyy-MM-dd
 * HH:mm:ss.SSS}, the offset ignored, the rest in the JVM's zone); and jOOQ, which types a column by
 * its declared type and parses a {@code timestamp with time zone} as text only. So a value goes
 *
 * <ul>
 *   <li>into a column jOOQ reads with an offset: as {@code yyyy-MM-dd HH:mm:ss.SSS+hh:mm} in the JVM's
 *       zone, which both read as the same instant;</li>
 *   <li>into a text column: as sqlite-jdbc's own text, {@code yyyy-MM-dd HH:mm:ss.SSS};</li>
 *   <li>into any other: as the {@code java.sql} value, which sqlite-jdbc stores in its own form
 *       (epoch milliseconds unless the connection's {@code date_class} says otherwise).</li>
 * </ul>
 *
 * Text is to the millisecond, sqlite-jdbc's precision: it misreads more digits. Reading rows for a
 * {@code RowBackfill}, {@link #readable} accepts every form an application may have stored.
 */
final class SqliteTimes {

    private static final DateTimeFormatter WITH_OFFSET = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSxxx");
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSS");
    private static final Set<Class<?>> OFFSET_TYPES = Set.of(OffsetDateTime.class, OffsetTime.class, Instant.class);
    private static final Set<Class<?>> TEMPORAL_TYPES = Set.of(java.sql.Timestamp.class, java.sql.Date.class,
            java.sql.Time.class, OffsetDateTime.class, OffsetTime.class, Instant.class, LocalDateTime.class,
            LocalDate.class, LocalTime.class);
    private static final Pattern TEXT = Pattern.compile(
            "(\\d{4}-\\d{2}-\\d{2})?(?:[ T]?(\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d{1,9})?)?))?\\s*(Z|z|[+-]\\d{2}(?::?\\d{2})?)?");
    private static final Pattern INTEGER = Pattern.compile("-?\\d+");
    private static final Pattern DECIMAL = Pattern.compile("-?\\d+\\.\\d*");
    /** The Julian day of 1970-01-01T00:00Z: SQLite's {@code julianday()} and sqlite-jdbc's REAL dates count from it. */
    private static final double JULIAN_EPOCH = 2440587.5;

    private SqliteTimes() {
    }

    /** A value a {@code RowBackfill} computed, as it goes into a column of {@code type}. */
    static Object bind(Object value, SqlType type) {
        ZonedDateTime moment = moment(value);
        if (moment == null) {
            return JdbcValues.noJavaTime(value, type);
        }
        Class<?> read = jooqType(type);
        if (OFFSET_TYPES.contains(read)) {
            return WITH_OFFSET.format(moment);
        }
        if (read == String.class) {
            return LOCAL.format(moment);
        }
        return JdbcValues.noJavaTime(value, type);
    }

    /** The {@code java.time} value in the JVM's zone (where a value has none, like every JDBC timestamp); else null. */
    private static ZonedDateTime moment(Object value) {
        ZoneId zone = ZoneId.systemDefault();
        if (value instanceof Instant i) {
            return i.atZone(zone);
        }
        if (value instanceof OffsetDateTime odt) {
            return odt.atZoneSameInstant(zone);
        }
        if (value instanceof ZonedDateTime zdt) {
            return zdt.withZoneSameInstant(zone);
        }
        if (value instanceof LocalDateTime ldt) {
            return ldt.atZone(zone);
        }
        if (value instanceof LocalDate ld) {
            return ld.atStartOfDay(zone);
        }
        if (value instanceof LocalTime lt) {
            return lt.atDate(LocalDate.EPOCH).atZone(zone);
        }
        return null;
    }

    /** The Java type jOOQ reads a column of {@code type} as, from its declared type as SQLite keeps it. */
    private static Class<?> jooqType(SqlType type) {
        return switch (type.kind()) {
            case TIMESTAMP_WITH_TIME_ZONE -> OffsetDateTime.class;
            case VARCHAR, CHAR -> String.class;
            case EXPLICIT -> explicitType(type.sql());
            default -> Object.class;
        };
    }

    private static Class<?> explicitType(String sql) {
        try {
            return DefaultDataType.getDataType(SQLDialect.SQLITE, sql.toLowerCase(Locale.ROOT)).getType();
        } catch (RuntimeException unknown) {
            // jOOQ does not know the name: SQLite's affinity rules say whether it holds text.
            String upper = sql.toUpperCase(Locale.ROOT);
            boolean text = !upper.contains("INT")
                    && (upper.contains("CHAR") || upper.contains("CLOB") || upper.contains("TEXT"));
            return text ? String.class : Object.class;
        }
    }

    /**
     * The column jOOQ reported, read for a {@code RowBackfill}: a date or time column is read as
     * stored and converted here, so that milliseconds, a Julian day and ISO-8601 text with or without
     * {@code T}, seconds, fraction or offset all arrive as the type jOOQ would give (a value without
     * an offset is in the JVM's zone, as sqlite-jdbc reads it). Text that is no date is handed over as
     * it is stored rather than stopping the backfill over a column it may not even read.
     */
    static Field<?> readable(Field<?> reported) {
        Class<?> type = reported.getType();
        if (!TEMPORAL_TYPES.contains(type)) {
            return reported;
        }
        DataType<Object> asStored = SQLDataType.OTHER.asConvertedDataType(
                Converter.ofNullable(Object.class, Object.class, raw -> read(raw, type), v -> v));
        return DSL.field(DSL.name(reported.getName()), asStored);
    }

    static Object read(Object raw, Class<?> type) {
        ZonedDateTime moment = parse(raw);
        return moment == null ? raw : as(moment, type);
    }

    private static ZonedDateTime parse(Object raw) {
        ZoneId zone = ZoneId.systemDefault();
        if (raw instanceof Long || raw instanceof Integer) {
            return Instant.ofEpochMilli(((Number) raw).longValue()).atZone(zone);
        }
        if (raw instanceof Double || raw instanceof Float) {
            return julianDay(((Number) raw).doubleValue()).atZone(zone);
        }
        if (!(raw instanceof String s)) {
            return null;
        }
        String text = s.strip();
        if (INTEGER.matcher(text).matches()) {
            return Instant.ofEpochMilli(Long.parseLong(text)).atZone(zone);
        }
        if (DECIMAL.matcher(text).matches()) {
            return julianDay(Double.parseDouble(text)).atZone(zone);
        }
        Matcher m = TEXT.matcher(text);
        if (text.isEmpty() || !m.matches() || m.group(1) == null && m.group(2) == null) {
            return null;
        }
        LocalDate date = m.group(1) == null ? LocalDate.EPOCH : LocalDate.parse(m.group(1));
        LocalTime time = m.group(2) == null ? LocalTime.MIDNIGHT : LocalTime.parse(m.group(2));
        LocalDateTime local = date.atTime(time);
        return m.group(3) == null ? local.atZone(zone)
                : local.atOffset(ZoneOffset.of(m.group(3).toUpperCase(Locale.ROOT))).atZoneSameInstant(zone);
    }

    private static Instant julianDay(double day) {
        return Instant.ofEpochMilli(Math.round((day - JULIAN_EPOCH) * 86_400_000d));
    }

    private static Object as(ZonedDateTime moment, Class<?> type) {
        if (type == java.sql.Timestamp.class) {
            return java.sql.Timestamp.from(moment.toInstant());
        }
        if (type == java.sql.Date.class) {
            return java.sql.Date.valueOf(moment.toLocalDate());
        }
        if (type == java.sql.Time.class) {
            return java.sql.Time.valueOf(moment.toLocalTime());
        }
        if (type == OffsetDateTime.class) {
            return moment.toOffsetDateTime();
        }
        if (type == OffsetTime.class) {
            return moment.toOffsetDateTime().toOffsetTime();
        }
        if (type == Instant.class) {
            return moment.toInstant();
        }
        if (type == LocalDate.class) {
            return moment.toLocalDate();
        }
        if (type == LocalTime.class) {
            return moment.toLocalTime();
        }
        return moment.toLocalDateTime();
    }
}
