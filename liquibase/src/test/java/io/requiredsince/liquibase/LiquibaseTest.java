package io.requiredsince.liquibase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.requiredsince.runtime.MigrationException;
import io.requiredsince.runtime.MigrationInfo;
import io.requiredsince.runtime.MigrationState;
import io.requiredsince.runtime.Migrator;
import io.requiredsince.testkit.FreshDatabase;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.sql.DataSource;
import liquibase.Scope;
import liquibase.change.Change;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.changelog.visitor.AbstractChangeExecListener;
import liquibase.command.CommandScope;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.CommandExecutionException;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Liquibase integration on every engine, with the real Liquibase 4: the test application's
 * changelog (changesets 1, the schema, and 1.1, its rows), requiredsince's version 2 from
 * {@code Owner.handle} and {@code Pet.kind} as changeset 2, and changeset 3, an index on the new
 * column, in one update.
 */
class LiquibaseTest {

    static Stream<FreshDatabase.Engine> engines() {
        return FreshDatabase.engines().stream();
    }

    static Stream<FreshDatabase.Engine> servers() {
        return engines().filter(e -> e != FreshDatabase.Engine.SQLITE && e != FreshDatabase.Engine.H2);
    }

    static Stream<FreshDatabase.Engine> postgres() {
        return engines().filter(FreshDatabase.Engine::postgres);
    }

    private static final List<String> ALL_RAN = List.of("1 EXECUTED", "1.1 EXECUTED", "2 EXECUTED", "3 EXECUTED");

    @ParameterizedTest
    @MethodSource("engines")
    void aFreshDatabaseRunsTheWholeChangelogInOneUpdate(FreshDatabase.Engine engine) throws Exception {
        try (FreshDatabase db = FreshDatabase.create(engine)) {
            Changelog changelog = new Changelog(db, "db/changelog.xml");
            Confirmations confirmations = new Confirmations();
            changelog.with("changeExecListener", confirmations).update();

            assertEquals(ALL_RAN, changelog.ran());
            assertTrue(confirmations.messages.contains("requiredsince version 2: owners.handle expanded, pets.kind expanded"
                    + " (NOT NULL once Migrator.complete() or the next version runs)"), confirmations.messages.toString());
            assertEquals(List.of("ada", "grace", "edsger"), strings(db, "select handle from owners order by id"));
            assertEquals(List.of("unknown", "unknown"), strings(db, "select kind from pets order by id"));

            // Expanded: the previous version of the application, still running, inserts without the
            // new columns and its rows get their values; complete() then contracts.
            db.run("insert into owners (id, name) values (10, 'Barbara')", "insert into pets (id, owner_id, name) values (10, 10, 'Kit')");
            assertEquals(List.of("barbara"), strings(db, "select handle from owners where id = 10"));
            assertEquals(List.of("unknown"), strings(db, "select kind from pets where id = 10"));
            Migrator migrator = migrator(db);
            assertEquals(List.of(MigrationState.EXPANDED, MigrationState.EXPANDED), states(migrator));
            migrator.complete();
            assertEquals(List.of(MigrationState.APPLIED, MigrationState.APPLIED), states(migrator));
            assertThrows(SQLException.class, () -> db.run("insert into owners (id, name) values (11, 'Late')"));

            changelog.update();
            assertEquals(ALL_RAN, changelog.ran());
            changelog.validate();
        }
    }

    /** The YAML changelog, whose change gives completeImmediately as a parameter: version 2 applied whole. */
    @ParameterizedTest
    @MethodSource("engines")
    void aYamlChangelogWithSettingsAsParameters(FreshDatabase.Engine engine) throws Exception {
        try (FreshDatabase db = FreshDatabase.create(engine)) {
            Changelog changelog = new Changelog(db, "db/changelog.yaml");
            Confirmations confirmations = new Confirmations();
            changelog.with("changeExecListener", confirmations).update();

            assertEquals(ALL_RAN, changelog.ran());
            assertTrue(confirmations.messages.contains("requiredsince version 2: owners.handle required, pets.kind required"),
                    confirmations.messages.toString());
            assertEquals(List.of("ada", "grace", "edsger"), strings(db, "select handle from owners order by id"));
            assertEquals(List.of(MigrationState.APPLIED, MigrationState.APPLIED), states(migrator(db)));
            assertThrows(SQLException.class, () -> db.run("insert into owners (id, name) values (10, 'No handle')"));
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void anExistingDatabaseWithRowsGetsVersionTwoAndTheChangesetAfterIt(FreshDatabase.Engine engine) throws Exception {
        try (FreshDatabase db = FreshDatabase.create(engine)) {
            Changelog changelog = Changelog.beforeRequiredSince(db);
            insertOwners(db, 5_000);

            changelog.in(RequiredSinceLiquibase.scope(null, b -> b.completeImmediately(true).batchSize(500))).update();

            assertEquals(ALL_RAN, changelog.ran());
            assertEquals(List.of("0"), strings(db, "select count(*) from owners where handle is null or handle <> lower(name)"));
            assertEquals(List.of("5003"), strings(db, "select count(*) from owners"));
            assertEquals(List.of(MigrationState.APPLIED, MigrationState.APPLIED), states(migrator(db)));
            assertThrows(SQLException.class, () -> db.run("insert into owners (id, name) values (1, 'No handle')"));
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void updateSqlPrintsTheScriptOfVersionTwoAndChangesNothing(FreshDatabase.Engine engine) throws Exception {
        try (FreshDatabase db = FreshDatabase.create(engine)) {
            Changelog changelog = Changelog.beforeRequiredSince(db);

            String sql = changelog.updateSql();

            assertTrue(Pattern.compile("(?m)^--\\s+requiredsince version 2: owners.handle, pets.kind$").matcher(sql).find(), sql);
            assertTrue(sql.contains("-- requiredsince: the pending migrations, planned on "), sql);
            assertTrue(Pattern.compile("(?im)^alter table [`\"]?owners[`\"]? add (column )?[`\"]?handle[`\"]? varchar\\(255\\)").matcher(sql).find(), sql);
            assertTrue(Pattern.compile("(?im)^alter table [`\"]?pets[`\"]? add (column )?[`\"]?kind[`\"]? varchar\\(255\\)").matcher(sql).find(), sql);
            assertTrue(sql.indexOf("owners_handle") > sql.indexOf("requiredsince version 2"), sql);
            assertFalse(Changelog.columnExists(db, "owners", "handle"));
            assertFalse(Changelog.tableExists(db, "requiredsince_history"));
            assertEquals(List.of("1 EXECUTED", "1.1 EXECUTED"), changelog.ran());
        }
    }

    /** On a fresh database, and offline, there is no schema to plan on: the output says so. */
    @Test
    void updateSqlWithoutTheSchemaSaysWhyVersionTwoIsNotPlanned(@TempDir Path dir) throws Exception {
        try (FreshDatabase db = FreshDatabase.create(FreshDatabase.Engine.H2)) {
            String sql = new Changelog(db, "db/changelog.xml").updateSql();
            assertTrue(Pattern.compile("(?m)^--\\s+requiredsince version 2: owners.handle, pets.kind\n--\\s+Not planned: .*does not exist")
                    .matcher(sql).find(), sql);
            assertFalse(Changelog.tableExists(db, "owners"));
        }
        String offline = new Changelog("offline:h2?changeLogFile=" + dir.resolve("databasechangelog.csv"), "db/changelog.xml")
                .updateSql();
        assertTrue(Pattern.compile("(?m)^--\\s+requiredsince version 2: owners.handle, pets.kind\n--\\s+Not planned:"
                + " requiredsince needs a JDBC connection").matcher(offline).find(), offline);
    }

    @ParameterizedTest
    @MethodSource("engines")
    void validateAndUpdateRefuseAnEditedDefinition(FreshDatabase.Engine engine) throws Exception {
        try (FreshDatabase db = FreshDatabase.create(engine)) {
            Changelog changelog = new Changelog(db, "db/changelog.xml");
            changelog.update();
            Changelog edited = changelog.in(Map.of(Scope.Attr.classLoader.name(), Registry.edited()));

            CommandExecutionException e = assertThrows(CommandExecutionException.class, edited::validate);
            assertTrue(e.getMessage().contains("check sum") && e.getMessage().contains("db/changelog.xml::2::app"),
                    e.getMessage());
            CommandExecutionException refused = assertThrows(CommandExecutionException.class, edited::update);
            assertTrue(refused.getMessage().contains("check sum"), refused.getMessage());
            assertEquals(List.of("ada"), strings(db, "select handle from owners where id = 1"));
            changelog.validate();
        }
    }

    @Test
    void settingsAndVersionsThatAreNotValidAreValidationErrorsBeforeAnythingRuns() throws Exception {
        Map<String, List<String>> expected = Map.of(
                "db/invalid/unknown-version.xml", List.of("requiredsince: no @RequiredSince field has version 7; the versions"
                        + " there are 2 (owners.handle, pets.kind)"),
                "db/invalid/no-version.xml", List.of("requiredsince: the change needs a version parameter"),
                "db/invalid/bad-settings.xml", List.of("ddlLockTimeout=\"soon\": use a positive duration",
                        "batchSize=\"0\": use a whole number of 1 or more", "completeImmediately=\"yes\": use true or false"),
                "db/invalid/shared-changeset.xml", List.of("changeset 2 has 2 changes; give the requiredsince change a"
                        + " changeset of its own"));
        for (Map.Entry<String, List<String>> e : expected.entrySet()) {
            try (FreshDatabase db = FreshDatabase.create(FreshDatabase.Engine.H2)) {
                Changelog changelog = new Changelog(db, e.getKey());
                CommandExecutionException invalid = assertThrows(CommandExecutionException.class, changelog::validate);
                CommandExecutionException refused = assertThrows(CommandExecutionException.class, changelog::update);
                for (String message : e.getValue()) {
                    assertTrue(invalid.getMessage().contains(message), e.getKey() + ": " + invalid.getMessage());
                    assertTrue(refused.getMessage().contains(message), e.getKey() + ": " + refused.getMessage());
                }
                assertFalse(Changelog.tableExists(db, "owners"), e.getKey());
            }
        }
    }

    /**
     * A version no changeset names runs with the first change of a higher version (1.5 with 2), or
     * stays pending when none is higher (4), for the Migrator or a later changeset to apply.
     */
    @Test
    void versionsNoChangesetNamesRunWithTheNextHigherChangeOrStayPending() throws Exception {
        try (FreshDatabase db = FreshDatabase.create(FreshDatabase.Engine.SQLITE)) {
            ClassLoader application = Registry.withUnplacedVersions();
            Changelog changelog = new Changelog(db, "db/changelog.xml").in(Map.of(Scope.Attr.classLoader.name(), application));
            Confirmations confirmations = new Confirmations();
            changelog.with("changeExecListener", confirmations).update();

            assertEquals(ALL_RAN, changelog.ran());
            assertTrue(confirmations.messages.contains("requiredsince version 2: owners.nickname expanded, owners.handle"
                    + " expanded, pets.kind expanded (NOT NULL once Migrator.complete() or the next version runs)"),
                    confirmations.messages.toString());
            assertEquals(List.of("none", "none", "none"), strings(db, "select nickname from owners order by id"));
            assertFalse(Changelog.columnExists(db, "pets", "colour"));
            List<String> states = Migrator.configure(db.url, null, null, application).classLoader(application).load().info()
                    .stream().map(i -> i.script() + " " + i.state()).toList();
            assertEquals(List.of("owners.nickname EXPANDED", "owners.handle EXPANDED", "pets.kind EXPANDED",
                    "pets.colour PENDING"), states);
        }
    }

    /**
     * A change that fails (here: its table lock is held by another session longer than its
     * parameters let it wait) leaves its changeset unrecorded; the next update resumes it and runs
     * the changeset after it. The parameters do not enter the checksum: the changelog without them
     * validates after.
     */
    @ParameterizedTest
    @MethodSource("servers")
    void aFailedChangeResumesAtTheNextUpdate(FreshDatabase.Engine engine) throws Exception {
        try (FreshDatabase db = FreshDatabase.create(engine)) {
            Changelog plain = Changelog.beforeRequiredSince(db);
            Changelog impatient = new Changelog(db, "db/impatient.xml");
            try (Connection holder = db.connect(); Statement s = holder.createStatement()) {
                holder.setAutoCommit(false);
                s.executeQuery("select count(*) from owners").close();
                CommandExecutionException e = assertThrows(CommandExecutionException.class, impatient::update);
                MigrationException cause = cause(e, MigrationException.class);
                assertTrue(cause.getMessage().contains("owners.handle") && cause.getMessage().contains("within 500 ms"),
                        cause.getMessage());
                assertTrue(e.getMessage().contains("The changeset stays unrecorded; the next update resumes it"), e.getMessage());
                holder.rollback();
            }
            assertEquals(List.of("1 EXECUTED", "1.1 EXECUTED"), impatient.ran());

            impatient.update();
            assertEquals(ALL_RAN, impatient.ran());
            assertEquals(List.of("ada", "grace", "edsger"), strings(db, "select handle from owners order by id"));
            plain.validate();
        }
    }

    /**
     * Liquibase's connection is in a transaction of its own (here: one that read a table just before
     * the change runs, as other changes of a changeset would); the index PostgreSQL's final pass
     * builds concurrently must not wait for it, on either road.
     */
    @ParameterizedTest
    @MethodSource("postgres")
    void liquibasesTransactionDoesNotBlockTheConcurrentIndexBuild(FreshDatabase.Engine engine) throws Exception {
        for (boolean immediately : new boolean[] {false, true}) {
            try (FreshDatabase db = FreshDatabase.create(engine)) {
                Changelog changelog = Changelog.beforeRequiredSince(db);
                insertOwners(db, 2_000);
                long start = System.nanoTime();
                changelog.with("changeExecListener", new OpenTransaction())
                        .in(RequiredSinceLiquibase.scope(null, b -> b.completeImmediately(immediately)
                                .ddlLockTimeout(Duration.ofSeconds(2)).ddlLockRetries(1))).update();
                assertTrue(System.nanoTime() - start < Duration.ofSeconds(30).toNanos());
                assertEquals(ALL_RAN, changelog.ran());
                assertEquals(List.of("0"), strings(db, "select count(*) from owners where handle is null"));
                assertEquals(List.of("0"), strings(db, "select count(*) from pg_index i join pg_class c on c.oid = i.indexrelid"
                        + " where c.relname like 'requiredsince_nulls_%'"));
            }
        }
    }

    /**
     * Where Liquibase was given a password its connection alone knows, the change's own connections
     * take it from Liquibase's configuration ({@code liquibase.command.password}); without it the
     * failure says where to give it.
     */
    @Test
    void aPasswordGivenToLiquibaseReachesTheChangesOwnConnections() throws Exception {
        try (FreshDatabase db = FreshDatabase.create(FreshDatabase.Engine.H2)) {
            db.run("create user app password 'secret' admin");
            Changelog asApp = new Changelog(db, "db/changelog.xml").with("username", "app").with("password", "secret");

            CommandExecutionException e = assertThrows(CommandExecutionException.class, asApp::update);
            assertTrue(e.getMessage().contains("configure it as liquibase.command.password"), e.getMessage());
            assertEquals(List.of("1 EXECUTED", "1.1 EXECUTED"), asApp.ran());

            asApp.in(Map.of("liquibase.command.password", "secret")).update();
            assertEquals(ALL_RAN, asApp.ran());
        }
    }

    /**
     * An application that runs Liquibase on its pool, as the README shows: Liquibase on one of the
     * pool's connections, the change's migrator on the pool it finds in the scope.
     */
    @Test
    void anApplicationHandsItsDataSourceToTheChangeThroughTheScope() throws Exception {
        try (FreshDatabase db = FreshDatabase.create(FreshDatabase.Engine.H2)) {
            db.run("create user app password 'secret' admin");
            JdbcDataSource pool = new JdbcDataSource();
            pool.setURL(db.url);
            pool.setUser("app");
            pool.setPassword("secret");
            int[] lent = {0};
            DataSource dataSource = (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                        if (method.getName().equals("getConnection")) {
                            lent[0]++;
                        }
                        return method.invoke(pool, args);
                    });

            try (Connection c = dataSource.getConnection()) {
                liquibase.database.Database database = DatabaseFactory.getInstance()
                        .findCorrectDatabaseImplementation(new JdbcConnection(c));
                Scope.child(RequiredSinceLiquibase.scope(dataSource), () -> new CommandScope("update")
                        .addArgumentValue("database", database)
                        .addArgumentValue("changelogFile", "db/changelog.xml").execute());
            }

            assertEquals(ALL_RAN, new Changelog(db, "db/changelog.xml").ran());
            assertEquals(List.of("ada", "grace", "edsger"), strings(db, "select handle from owners order by id"));
            // Liquibase's configuration has no password: the change's own connections could not have
            // opened (see the test above), so it ran on the pool, which lent it more than Liquibase's one.
            assertTrue(lent[0] >= 2, "connections lent: " + lent[0]);
        }
    }

    /** Each change's confirmation message, as Liquibase reports it once the change ran. */
    static final class Confirmations extends AbstractChangeExecListener {
        final List<String> messages = new ArrayList<>();

        @Override
        public void ran(Change change, ChangeSet changeSet, DatabaseChangeLog changeLog,
                        liquibase.database.Database database) {
            messages.add(change.getConfirmationMessage());
        }
    }

    /** Opens a transaction with a snapshot on Liquibase's connection just before the requiredsince change runs. */
    static final class OpenTransaction extends AbstractChangeExecListener {
        @Override
        public void willRun(Change change, ChangeSet changeSet, DatabaseChangeLog changeLog,
                            liquibase.database.Database database) {
            if (!"2".equals(changeSet.getId())) {
                return;
            }
            try {
                Connection c = ((JdbcConnection) database.getConnection()).getWrappedConnection();
                assertFalse(c.getAutoCommit());
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select count(*) from owners")) {
                    rs.next();
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    static void insertOwners(FreshDatabase db, int rows) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            for (int i = 100; i < 100 + rows; i++) {
                s.addBatch("insert into owners (id, name) values (" + i + ", 'Owner " + i + "')");
            }
            s.executeBatch();
            c.commit();
        }
    }

    private static Migrator migrator(FreshDatabase db) {
        return Migrator.configure(db.url, null, null, LiquibaseTest.class.getClassLoader()).load();
    }

    private static <T extends Throwable> T cause(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " in the causes of " + e, e);
    }

    private static List<MigrationState> states(Migrator migrator) {
        return migrator.info().stream().map(MigrationInfo::state).toList();
    }

    static List<String> strings(FreshDatabase db, String sql) {
        return db.strings(sql);
    }
}
