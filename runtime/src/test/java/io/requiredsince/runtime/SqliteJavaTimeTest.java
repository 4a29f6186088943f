package io.requiredsince.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * SQLite has no date type: what a {@link RowBackfill} writes there must read back, by the next
 * migration's RowBackfill (which reads rows through jOOQ, typed by the declared column type) and by
 * the application (sqlite-jdbc's {@code getTimestamp} and {@code getObject(…, LocalDateTime.class)}).
 * The JVM runs in a zone away from UTC here, so a value written in one zone and read in another shows.
 */
class SqliteJavaTimeTest {

    private static final ZoneId ZONE = ZoneId.of("Asia/Kolkata");
    private static final Instant AT = Instant.parse("2024-03-01T12:34:56.789Z");
    private static final LocalDateTime WALL = LocalDateTime.of(2024, 3, 1, 9, 15, 30, 250_000_000);
    private static final LocalDate DAY = LocalDate.of(2024, 2, 29);
    private static final LocalTime CLOCK = LocalTime.of(23, 5, 7);

    private TimeZone zoneBefore;

    @BeforeEach
    void awayFromUtc() {
        zoneBefore = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone(ZONE));
    }

    @AfterEach
    void zoneBack() {
        TimeZone.setDefault(zoneBefore);
    }

    private static Instant at(Map<String, Object> row) {
        return AT.plus(Duration.ofHours(id(row)));
    }

    private static int id(Map<String, Object> row) {
        return ((Number) row.get("id")).intValue();
    }

    public static final class AtInstant implements RowBackfill<Instant> {
        @Override
        public Instant compute(Map<String, Object> row) {
            return at(row);
        }
    }

    public static final class AtOffset implements RowBackfill<OffsetDateTime> {
        @Override
        public OffsetDateTime compute(Map<String, Object> row) {
            return at(row).atOffset(ZoneOffset.ofHours(-7));
        }
    }

    public static final class AtZoned implements RowBackfill<ZonedDateTime> {
        @Override
        public ZonedDateTime compute(Map<String, Object> row) {
            return at(row).atZone(ZoneId.of("America/New_York"));
        }
    }

    public static final class Wall implements RowBackfill<LocalDateTime> {
        @Override
        public LocalDateTime compute(Map<String, Object> row) {
            return WALL.plusDays(id(row));
        }
    }

    public static final class Day implements RowBackfill<LocalDate> {
        @Override
        public LocalDate compute(Map<String, Object> row) {
            return DAY.plusDays(id(row));
        }
    }

    public static final class Clock implements RowBackfill<LocalTime> {
        @Override
        public LocalTime compute(Map<String, Object> row) {
            return CLOCK.minusMinutes(id(row));
        }
    }

    /** Reads every date and time column of the row, as the row map hands them over, into one line. */
    public static final class Summary implements RowBackfill<String> {
        @Override
        public String compute(Map<String, Object> row) {
            return summary(instant(row.get("at")), instant(row.get("odt")), instant(row.get("zdt")),
                    local(row.get("ldt")), local(row.get("ld")).toLocalDate(), local(row.get("lt")).toLocalTime());
        }
    }

    private static String summary(Instant at, Instant odt, Instant zdt, LocalDateTime ldt, LocalDate ld, LocalTime lt) {
        return at + " " + odt + " " + zdt + " " + ldt + " " + ld + " " + lt;
    }

    private static String expectedSummary(int id) {
        Instant at = AT.plus(Duration.ofHours(id));
        return summary(at, at, at, WALL.plusDays(id), DAY.plusDays(id), CLOCK.minusMinutes(id));
    }

    private static Instant instant(Object value) {
        if (value instanceof OffsetDateTime odt) {
            return odt.toInstant();
        }
        if (value instanceof java.sql.Timestamp ts) {
            return ts.toInstant();
        }
        throw new AssertionError("not an instant: " + describe(value));
    }

    private static LocalDateTime local(Object value) {
        if (value instanceof java.sql.Timestamp ts) {
            return ts.toLocalDateTime();
        }
        if (value instanceof java.sql.Date d) {
            return d.toLocalDate().atStartOfDay();
        }
        if (value instanceof java.sql.Time t) {
            return t.toLocalTime().atDate(LocalDate.EPOCH);
        }
        throw new AssertionError("not a local date or time: " + describe(value));
    }

    private static String describe(Object value) {
        return value == null ? "null" : value.getClass().getName() + " " + value;
    }

    private static TestDatabase dates(Supplier<TestDatabase> engine, int rows) {
        TestDatabase db = engine.get();
        db.execute("CREATE TABLE p_dates (id INTEGER PRIMARY KEY, name VARCHAR(20) NOT NULL)");
        for (int i = 1; i <= rows; i++) {
            db.execute("INSERT INTO p_dates VALUES (" + i + ", 'row " + i + "')");
        }
        return db;
    }

    private static Migration column(String version, String column, SqlType type, Class<? extends RowBackfill<?>> b) {
        return TestMigration.of(version, "p_dates", column, type, Backfill.perRow(b), false);
    }

    private static void migrate(TestDatabase db, List<Migration> migrations) {
        Migrator.configure(db.dataSource).completeImmediately(true)
                .migrations(migrations).batchSize(4).batchDuration(Duration.ZERO).load()
                .migrate();
    }

    private static final List<Migration> FIRST = List.of(
            column("1.1", "at", SqlType.timestampWithTimeZone(), AtInstant.class),
            column("1.2", "odt", SqlType.timestampWithTimeZone(), AtOffset.class),
            column("1.3", "zdt", SqlType.timestampWithTimeZone(), AtZoned.class),
            column("1.4", "ldt", SqlType.timestamp(), Wall.class),
            column("1.5", "ld", SqlType.date(), Day.class),
            column("1.6", "lt", SqlType.time(), Clock.class));

    private static final Migration SECOND = column("2", "summary", SqlType.varchar(200), Summary.class);

    @EngineTest(family = EngineFamily.SQLITE)
    void aLaterRowBackfillReadsWhatAnEarlierOneWrote(Supplier<TestDatabase> engine) {
        TestDatabase db = dates(engine, 10);

        migrate(db, FIRST);
        List<Migration> both = new ArrayList<>(FIRST);
        both.add(SECOND);
        migrate(db, both);

        for (int i = 1; i <= 10; i++) {
            assertEquals(expectedSummary(i), db.single("SELECT summary FROM p_dates WHERE id = " + i), "row " + i);
        }
    }

    @EngineTest(family = EngineFamily.SQLITE)
    void theApplicationReadsWhatARowBackfillWrote(Supplier<TestDatabase> engine) throws SQLException {
        TestDatabase db = dates(engine, 3);

        migrate(db, FIRST);

        try (Connection c = db.dataSource.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id, at, odt, zdt, ldt, ld, lt FROM p_dates ORDER BY id")) {
            while (rs.next()) {
                int id = rs.getInt(1);
                Instant at = AT.plus(Duration.ofHours(id));
                for (int col = 2; col <= 4; col++) {
                    assertEquals(at, rs.getTimestamp(col).toInstant(), "getTimestamp, row " + id + " column " + col);
                    assertEquals(LocalDateTime.ofInstant(at, ZONE), rs.getObject(col, LocalDateTime.class),
                            "getObject(LocalDateTime), row " + id + " column " + col);
                }
                assertEquals(WALL.plusDays(id), rs.getObject(5, LocalDateTime.class), "ldt, row " + id);
                assertEquals(WALL.plusDays(id), rs.getTimestamp(5).toLocalDateTime(), "ldt, row " + id);
                assertEquals(DAY.plusDays(id), rs.getObject(6, LocalDate.class), "ld, row " + id);
                assertEquals(DAY.plusDays(id), rs.getDate(6).toLocalDate(), "ld, row " + id);
                assertEquals(CLOCK.minusMinutes(id), rs.getObject(7, LocalTime.class), "lt, row " + id);
                assertEquals(CLOCK.minusMinutes(id), rs.getTime(7).toLocalTime(), "lt, row " + id);
            }
        }
    }

    /** An application on jOOQ reads rows typed by the declared column types, as the runtime itself does. */
    @EngineTest(family = EngineFamily.SQLITE)
    void anApplicationOnJooqReadsWhatARowBackfillWrote(Supplier<TestDatabase> engine) throws SQLException {
        TestDatabase db = dates(engine, 3);

        migrate(db, FIRST);

        try (Connection c = db.dataSource.getConnection()) {
            for (org.jooq.Record r : org.jooq.impl.DSL.using(c, org.jooq.SQLDialect.SQLITE)
                    .fetch("SELECT * FROM p_dates ORDER BY id")) {
                int id = ((Number) r.get("id")).intValue();
                assertEquals(expectedSummary(id), summary(instant(r.get("at")), instant(r.get("odt")),
                        instant(r.get("zdt")), local(r.get("ldt")), local(r.get("ld")).toLocalDate(),
                        local(r.get("lt")).toLocalTime()), "row " + id);
            }
        }
    }

    /**
     * The application's own rows hold what sqlite-jdbc wrote for it (epoch milliseconds, whatever the
     * declared type) or text it formatted itself: a RowBackfill reads each as the same date or instant.
     */
    @EngineTest(family = EngineFamily.SQLITE)
    void aRowBackfillReadsWhatTheApplicationStoredInOtherForms(Supplier<TestDatabase> engine) throws SQLException {
        TestDatabase db = engine.get();
        db.execute("CREATE TABLE p_dates (id INTEGER PRIMARY KEY, at TIMESTAMP WITH TIME ZONE, "
                + "odt TIMESTAMP WITH TIME ZONE, zdt TIMESTAMP WITH TIME ZONE, ldt DATETIME, ld DATE, lt TIME)");
        Instant at1 = AT.plus(Duration.ofHours(1));
        Instant at2 = AT.plus(Duration.ofHours(2));
        try (Connection c = db.dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO p_dates VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            // What sqlite-jdbc writes for java.sql values by default: milliseconds since the epoch.
            ps.setInt(1, 1);
            ps.setTimestamp(2, java.sql.Timestamp.from(at1));
            ps.setTimestamp(3, java.sql.Timestamp.from(at1));
            ps.setTimestamp(4, java.sql.Timestamp.from(at1));
            ps.setTimestamp(5, java.sql.Timestamp.valueOf(WALL.plusDays(1)));
            ps.setDate(6, java.sql.Date.valueOf(DAY.plusDays(1)));
            ps.setTime(7, java.sql.Time.valueOf(CLOCK.minusMinutes(1)));
            ps.execute();
            // Text in ISO-8601 shapes, as an application formatting values itself writes them.
            ps.setInt(1, 2);
            ps.setString(2, at2.toString());
            ps.setString(3, at2.atOffset(ZoneOffset.ofHours(2)).toString());
            ps.setString(4, at2.atOffset(ZoneOffset.ofHoursMinutes(-3, -30)).toString().replace('T', ' '));
            ps.setString(5, WALL.plusDays(2).toString());
            ps.setString(6, DAY.plusDays(2).toString());
            ps.setString(7, CLOCK.minusMinutes(2).toString());
            ps.execute();
        }

        migrate(db, List.of(SECOND));

        assertEquals(expectedSummary(1), db.single("SELECT summary FROM p_dates WHERE id = 1"));
        assertEquals(expectedSummary(2), db.single("SELECT summary FROM p_dates WHERE id = 2"));
    }
}
