package io.requiredsince.flyway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.requiredsince.runtime.Backfill;
import io.requiredsince.runtime.ColumnSpec;
import io.requiredsince.runtime.Migration;
import io.requiredsince.runtime.MigrationException;
import io.requiredsince.runtime.MigrationInfo;
import io.requiredsince.runtime.MigrationState;
import io.requiredsince.runtime.MigrationVersion;
import io.requiredsince.runtime.Migrator;
import io.requiredsince.runtime.SqlType;
import io.requiredsince.testkit.FreshDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Flyway integration on every engine, with the real Flyway (11, and 10 in a second run): the
 * test application's SQL migrations V1 (schema) and V1.1 (rows), requiredsince's version 2 from
 * {@code Owner.handle} and {@code Pet.kind}, and V3, an index on the new column, in one sequence.
 */
class FlywayTest {

    static Stream<FreshDatabase.Engine> engines() {
        return FreshDatabase.engines().stream();
    }

    static Stream<FreshDatabase.Engine> servers() {
        return FreshDatabase.engines().stream().filter(e -> e != FreshDatabase.Engine.SQLITE && e != FreshDatabase.Engine.H2);
    }

    private static FluentConfiguration flyway(FreshDatabase db, String location) {
        return Flyway.configure().dataSource(db.url, null, null).locations("classpath:" + location);
    }

    @Test
    void runsOnTheFlywayOfThisRun() {
        String location = Flyway.class.getProtectionDomain().getCodeSource().getLocation().toString();
        assertTrue(location.contains("flyway-core-" + System.getProperty("requiredsince.test.flyway") + ".jar"), location);
    }

    @ParameterizedTest
    @MethodSource("engines")
    void aFreshDatabaseRunsSqlThenOursThenSqlInOneSequence(FreshDatabase.Engine engine) throws Exception {
        try (FreshDatabase db = FreshDatabase.create(engine)) {
            Flyway flyway = RequiredSinceFlyway.configure(flyway(db, "db/migration")).load();
            assertEquals(4, flyway.migrate().migrationsExecuted);

            assertEquals(List.of("1 SQL SUCCESS", "1.1 SQL SUCCESS", "2 JDBC SUCCESS", "3 SQL SUCCESS"), applied(flyway.info()));
            assertEquals("requiredsince owners.handle, pets.kind", Arrays.stream(flyway.info().all())
                    .filter(i -> "2".equals(String.valueOf(i.getVersion()))).findFirst().orElseThrow().getDescription());
            assertEquals(List.of("ada", "grace", "edsger"), strings(db, "select handle from owners order by id"));
            assertEquals(List.of("unknown", "unknown"), strings(db, "select kind from pets order by id"));

            // Expanded: the previous version of the application, still running, inserts without the
            // new columns and its rows get their values; complete() then contracts.
            db.run("insert into owners (id, name) values (10, 'Barbara')", "insert into pets (id, owner_id, name) values (10, 10, 'Kit')");
            assertEquals(List.of("barbara"), strings(db, "select handle from owners where id = 10"));
            assertEquals(List.of("unknown"), strings(db, "select kind from pets where id = 10"));
            Migrator migrator = Migrator.create(dataSource(flyway));
            assertEquals(List.of(MigrationState.EXPANDED, MigrationState.EXPANDED), states(migrator));
            migrator.complete();
            assertEquals(List.of(MigrationState.APPLIED, MigrationState.APPLIED), states(migrator));
            assertThrows(SQLException.class, () -> db.run("insert into owners (id, name) values (11, 'Late')"));

            assertEquals(0, flyway.migrate().migrationsExecuted);
            assertTrue(flyway.validateWithResult().validationSuccessful);
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void anExistingDatabaseWithRowsGetsOursAndTheLaterSqlMigration(FreshDatabase.Engine engine) throws Exception {
        try (FreshDatabase db = FreshDatabase.create(engine)) {
            // The database as the release before requiredsince left it: V1, V1.1 and many rows.
            Flyway before = flyway(db, "db/migration").target("1.1").load();
            assertEquals(2, before.migrate().migrationsExecuted);
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                c.setAutoCommit(false);
                for (int i = 100; i < 5_100; i++) {
                    s.addBatch("insert into owners (id, name) values (" + i + ", 'Owner " + i + "')");
                }
                s.executeBatch();
                c.commit();
            }

            Flyway flyway = RequiredSinceFlyway.configure(flyway(db, "db/migration"),
                    b -> b.completeImmediately(true).batchSize(500)).load();
            assertEquals(2, flyway.migrate().migrationsExecuted);
            assertEquals(List.of("1 SQL SUCCESS", "1.1 SQL SUCCESS", "2 JDBC SUCCESS", "3 SQL SUCCESS"), applied(flyway.info()));
            assertEquals(List.of("0"), strings(db, "select count(*) from owners where handle is null or handle <> lower(name)"));
            assertEquals(List.of("5003"), strings(db, "select count(*) from owners"));
            assertEquals(List.of(MigrationState.APPLIED, MigrationState.APPLIED), states(Migrator.create(dataSource(flyway))));
            assertThrows(SQLException.class, () -> db.run("insert into owners (id, name) values (1, 'No handle')"));
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void flywaysValidateCatchesAnEditedDefinition(FreshDatabase.Engine engine) throws Exception {
        try (FreshDatabase db = FreshDatabase.create(engine)) {
            Flyway first = flyway(db, "db/migration").target("2")
                    .javaMigrations(RequiredSinceFlyway.javaMigrations(List.of(handle("lower(name)")), UnaryOperator.identity()))
                    .load();
            first.migrate();
            Flyway edited = flyway(db, "db/migration").target("2")
                    .javaMigrations(RequiredSinceFlyway.javaMigrations(List.of(handle("upper(name)")), UnaryOperator.identity()))
                    .load();
            String errors = edited.validateWithResult().getAllErrorMessages();
            assertTrue(errors.contains("checksum mismatch") && errors.contains("2"), errors);
            FlywayException refused = assertThrows(FlywayException.class, edited::migrate);
            assertTrue(refused.getMessage().contains("checksum mismatch"), refused.getMessage());
            assertEquals(List.of("ada"), strings(db, "select handle from owners where id = 1"));
        }
    }

    @Test
    void aVersionThatIsBothAFlywayMigrationAndOursIsRefusedNamingBoth() throws Exception {
        try (FreshDatabase db = FreshDatabase.create(FreshDatabase.Engine.H2)) {
            Flyway flyway = RequiredSinceFlyway.configure(flyway(db, "db/clash")).load();
            FlywayException e = assertThrows(FlywayException.class, flyway::migrate);
            assertTrue(e.getMessage().contains("version 2 is both Flyway's V2__also_version_two.sql and requiredsince's"
                    + " owners.handle, pets.kind"), e.getMessage());
            assertThrows(FlywayException.class, flyway::validate);
            assertEquals(List.of(), strings(db, "select table_name from information_schema.tables where lower(table_name) = 'owners'"));

            // Given only the migrations, Flyway's own message names the SQL file and requiredsince's classes.
            Flyway plain = flyway(db, "db/clash").javaMigrations(RequiredSinceFlyway.javaMigrations()).load();
            FlywayException e2 = assertThrows(FlywayException.class, plain::migrate);
            assertTrue(e2.getMessage().contains("more than one migration with version 2")
                    && e2.getMessage().contains("V2__also_version_two.sql") && e2.getMessage().contains("(JDBC)"), e2.getMessage());
        }
    }

    @Test
    void migrationsWithoutAVersionAreOneRepeatableMigrationAfterTheVersionedOnes() throws Exception {
        try (FreshDatabase db = FreshDatabase.create(FreshDatabase.Engine.SQLITE)) {
            Migration unversioned = new Migration() {
                private final ColumnSpec column = ColumnSpec.builder().table("pets").column("colour")
                        .type(SqlType.varchar(20)).backfill(Backfill.constant("'brown'")).build();

                @Override
                public MigrationVersion version() {
                    return MigrationVersion.NONE;
                }

                @Override
                public ColumnSpec column() {
                    return column;
                }
            };
            List<Migration> all = new ArrayList<>(Migrator.registered(getClass().getClassLoader()));
            all.add(unversioned);
            Flyway flyway = flyway(db, "db/migration")
                    .javaMigrations(RequiredSinceFlyway.javaMigrations(all, b -> b.completeImmediately(true))).load();
            assertEquals(5, flyway.migrate().migrationsExecuted);
            assertEquals(List.of("1 SQL SUCCESS", "1.1 SQL SUCCESS", "2 JDBC SUCCESS", "3 SQL SUCCESS", "null JDBC SUCCESS"),
                    applied(flyway.info()));
            assertEquals(List.of("brown", "brown"), strings(db, "select colour from pets order by id"));
        }
    }

    /**
     * A step that fails (here: its table lock is held by another session longer than it waits) is
     * resumed by the next migrate(), without flyway repair, and the SQL migration after it runs then.
     */
    @ParameterizedTest
    @MethodSource("servers")
    void aFailedStepResumesAtTheNextMigrateWithoutRepair(FreshDatabase.Engine engine) throws Exception {
        try (FreshDatabase db = FreshDatabase.create(engine)) {
            flyway(db, "db/migration").target("1.1").load().migrate();
            UnaryOperator<Migrator.Builder> impatient = b -> b.ddlLockTimeout(Duration.ofMillis(500)).ddlLockRetries(0);
            Flyway flyway = RequiredSinceFlyway.configure(flyway(db, "db/migration"), impatient).load();
            try (Connection holder = db.connect(); Statement s = holder.createStatement()) {
                holder.setAutoCommit(false);
                s.executeQuery("select count(*) from owners").close();
                FlywayException e = assertThrows(FlywayException.class, flyway::migrate);
                MigrationException cause = cause(e, MigrationException.class);
                assertTrue(cause.getMessage().contains("owners.handle"), cause.getMessage());
                holder.rollback();
            }
            assertEquals(List.of("1", "1.1"), versionsSucceeded(flyway.info()));

            assertEquals(2, flyway.migrate().migrationsExecuted);
            assertEquals(List.of("1 SQL SUCCESS", "1.1 SQL SUCCESS", "2 JDBC SUCCESS", "3 SQL SUCCESS"), applied(flyway.info()));
            assertEquals(List.of("ada", "grace", "edsger"), strings(db, "select handle from owners order by id"));
        }
    }

    /**
     * Flyway's default on PostgreSQL holds its lock in a transaction open while a step runs, with a
     * snapshot that an index built concurrently would wait for; given only javaMigrations(), the step
     * must not wait on it, on either road.
     */
    @ParameterizedTest
    @MethodSource("servers")
    void flywaysOwnLockTransactionDoesNotBlockTheStep(FreshDatabase.Engine engine) throws Exception {
        for (boolean immediately : new boolean[] {false, true}) {
            try (FreshDatabase db = FreshDatabase.create(engine)) {
                flyway(db, "db/migration").target("1.1").load().migrate();
                db.run("insert into owners (id, name) select id + 100, name from owners");
                Flyway flyway = flyway(db, "db/migration").javaMigrations(RequiredSinceFlyway.javaMigrations(
                        getClass().getClassLoader(),
                        b -> b.completeImmediately(immediately).ddlLockTimeout(Duration.ofSeconds(2)).ddlLockRetries(1)))
                        .load();
                long start = System.nanoTime();
                assertEquals(2, flyway.migrate().migrationsExecuted);
                assertTrue(System.nanoTime() - start < Duration.ofSeconds(30).toNanos());
                assertEquals(List.of("0"), strings(db, "select count(*) from owners where handle is null"));
            }
        }
    }

    private static <T extends Throwable> T cause(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " in the causes of " + e, e);
    }

    private static Migration handle(String expression) {
        ColumnSpec column = ColumnSpec.builder().table("owners").column("handle").type(SqlType.varchar(100))
                .backfill(Backfill.expression(expression)).build();
        return new Migration() {
            @Override
            public MigrationVersion version() {
                return MigrationVersion.parse("2");
            }

            @Override
            public ColumnSpec column() {
                return column;
            }
        };
    }

    private static DataSource dataSource(Flyway flyway) {
        return flyway.getConfiguration().getDataSource();
    }

    private static List<MigrationState> states(Migrator migrator) {
        return migrator.info().stream().map(MigrationInfo::state).toList();
    }

    private static List<String> applied(MigrationInfoService info) {
        return Arrays.stream(info.all()).map(i -> i.getVersion() + " " + i.getType() + " " + i.getState()).toList();
    }

    private static List<String> versionsSucceeded(MigrationInfoService info) {
        return Arrays.stream(info.applied()).filter(i -> i.getState().isApplied() && !i.getState().isFailed())
                .map(i -> String.valueOf(i.getVersion())).toList();
    }

    private static List<String> strings(FreshDatabase db, String sql) {
        return db.strings(sql);
    }
}
