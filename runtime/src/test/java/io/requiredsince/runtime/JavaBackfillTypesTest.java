package io.requiredsince.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * A {@link RowBackfill} returning {@code java.time} values and UUIDs: each reaches its column on
 * every engine, whatever the driver accepts ({@link Instant} is refused by pgjdbc, Derby and SQLite
 * take no {@code java.time} value, a UUID goes as text where the column is not a native uuid).
 */
class JavaBackfillTypesTest {

    private static final Instant EPOCH = Instant.parse("2024-03-01T12:34:56Z");

    private static TestDatabase members(Supplier<TestDatabase> engine) {
        TestDatabase db = engine.get();
        db.execute("CREATE TABLE members (id INTEGER PRIMARY KEY, name VARCHAR(100) NOT NULL)");
        StringBuilder insert = new StringBuilder("INSERT INTO members VALUES ");
        for (int i = 1; i <= 30; i++) {
            insert.append(i > 1 ? ", " : "").append("(").append(i).append(", 'Member ").append(i).append("')");
        }
        db.execute(insert.toString());
        return db;
    }

    private static int id(Map<String, Object> row) {
        return ((Number) row.get("id")).intValue();
    }

    public static final class JoinedAt implements RowBackfill<Instant> {
        @Override
        public Instant compute(Map<String, Object> row) {
            return EPOCH.plus(Duration.ofHours(id(row)));
        }
    }

    public static final class ExternalId implements RowBackfill<UUID> {
        @Override
        public UUID compute(Map<String, Object> row) {
            return expectedUuid(id(row));
        }
    }

    public static final class Birthday implements RowBackfill<LocalDate> {
        @Override
        public LocalDate compute(Map<String, Object> row) {
            return LocalDate.of(2000, 1, 1).plusDays(id(row));
        }
    }

    private static UUID expectedUuid(int id) {
        return UUID.nameUUIDFromBytes(("member " + id).getBytes(StandardCharsets.UTF_8));
    }

    private static void migrate(TestDatabase db, String column, SqlType type, Class<? extends RowBackfill<?>> backfill) {
        Migration m = TestMigration.of("1", "members", column, type, Backfill.perRow(backfill), false);
        Migrator.configure(db.dataSource).completeImmediately(true)
                .migrations(List.of(m)).batchSize(10).batchDuration(Duration.ZERO).load()
                .migrate();
        assertFalse(db.column("members", column).nullable());
    }

    private static List<Object> read(TestDatabase db, String column, boolean timestamp) {
        List<Object> values = new ArrayList<>();
        try (Connection c = db.dataSource.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT " + column + " FROM members ORDER BY id")) {
            while (rs.next()) {
                values.add(timestamp ? rs.getTimestamp(1).toInstant() : rs.getObject(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return values;
    }

    // Derby has no timestamp with time zone type: the column itself cannot be added there.
    @EngineTest(except = TestEngine.DERBY)
    void instantReachesATimestampWithTimeZoneColumn(Supplier<TestDatabase> engine) {
        TestDatabase db = members(engine);

        migrate(db, "joined_at", SqlType.timestampWithTimeZone(), JoinedAt.class);

        List<Object> expected = new ArrayList<>();
        for (int i = 1; i <= 30; i++) {
            expected.add(EPOCH.plus(Duration.ofHours(i)));
        }
        assertEquals(expected, read(db, "joined_at", true));
    }

    @EngineTest
    void uuidReachesAUuidColumn(Supplier<TestDatabase> engine) {
        TestDatabase db = members(engine);

        migrate(db, "external_id", SqlType.uuid(), ExternalId.class);

        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= 30; i++) {
            expected.add(expectedUuid(i).toString());
        }
        assertEquals(expected, read(db, "external_id", false).stream()
                .map(v -> String.valueOf(v).strip().toLowerCase(Locale.ROOT)).toList());
    }

    @EngineTest
    void uuidReachesATextColumn(Supplier<TestDatabase> engine) {
        TestDatabase db = members(engine);

        migrate(db, "external_id", SqlType.varchar(36), ExternalId.class);

        assertEquals(expectedUuid(7).toString(), read(db, "external_id", false).get(6));
    }

    @EngineTest
    void localDateReachesADateColumn(Supplier<TestDatabase> engine) {
        TestDatabase db = members(engine);

        migrate(db, "birthday", SqlType.date(), Birthday.class);

        assertEquals(LocalDate.of(2000, 1, 8), dateOf(db, 7).toLocalDate());
    }

    private static java.sql.Date dateOf(TestDatabase db, int id) {
        try (Connection c = db.dataSource.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT birthday FROM members WHERE id = " + id)) {
            rs.next();
            return rs.getDate(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
