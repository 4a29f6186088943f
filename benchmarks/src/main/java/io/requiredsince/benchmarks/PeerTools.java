package io.requiredsince.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import liquibase.Scope;
import liquibase.command.CommandScope;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.DirectoryResourceAccessor;
import liquibase.ui.LoggerUIService;
import org.flywaydb.core.Flyway;

/**
 * The recipes users write instead, run by the real Liquibase and Flyway the way their documentation
 * runs them: a changelog or SQL files written to a temporary directory, then one call of the tool.
 */
final class PeerTools {

    /** The engine a recipe is written for: the tightening statement differs. */
    enum Engine {
        POSTGRES, MARIADB;

        String setNotNull(String table, String column, String type) {
            return this == POSTGRES ? "ALTER TABLE " + table + " ALTER COLUMN " + column + " SET NOT NULL"
                    : "ALTER TABLE " + table + " MODIFY " + column + " " + type + " NOT NULL";
        }
    }

    // Held here: java.util.logging keeps loggers weakly, and a collected one forgets its level.
    private static final List<java.util.logging.Logger> QUIET = new ArrayList<>();

    static {
        // Before any Liquibase class reads its configuration; the benchmark's JVM is given it too.
        System.setProperty("liquibase.analytics.enabled", "false");
        // Liquibase warns on every MariaDB addNotNullConstraint that MODIFY redefines the column, and logs a
        // failed changeset with its stack trace: the scenario reports both runs' outcomes itself.
        Map<String, java.util.logging.Level> levels = Map.of("liquibase", java.util.logging.Level.OFF,
                "org.flywaydb", java.util.logging.Level.WARNING, "io.requiredsince", java.util.logging.Level.WARNING);
        levels.forEach((name, level) -> {
            java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
            logger.setLevel(level);
            QUIET.add(logger);
        });
    }

    private PeerTools() {
    }

    /** Sets the tools' log levels (in this class's initializer) before the first run logs anything. */
    static void quietLogs() {
        // The initializer did it.
    }

    // ---- Liquibase: one change per changeset, as its best practices ask ----

    /** {@code addColumn} nullable, then {@code addNotNullConstraint} with {@code defaultNullValue}. */
    static String liquibaseConstant(String table, String column, String type, String value) {
        return changelog(changeSet(1, "<addColumn tableName=\"" + table + "\"><column name=\"" + column
                        + "\" type=\"" + type + "\"/></addColumn>")
                + changeSet(2, "<addNotNullConstraint tableName=\"" + table + "\" columnName=\"" + column
                        + "\" columnDataType=\"" + type + "\" defaultNullValue=\"" + value + "\"/>"));
    }

    /** {@code addColumn} nullable, {@code update} with {@code valueComputed}, {@code addNotNullConstraint}. */
    static String liquibaseExpression(String table, String column, String type, String expression) {
        return changelog(changeSet(1, "<addColumn tableName=\"" + table + "\"><column name=\"" + column
                        + "\" type=\"" + type + "\"/></addColumn>")
                + changeSet(2, "<update tableName=\"" + table + "\"><column name=\"" + column
                        + "\" valueComputed=\"" + expression + "\"/></update>")
                + changeSet(3, "<addNotNullConstraint tableName=\"" + table + "\" columnName=\"" + column
                        + "\" columnDataType=\"" + type + "\"/>"));
    }

    private static String changeSet(int id, String change) {
        return "  <changeSet id=\"" + id + "\" author=\"benchmark\">\n    " + change + "\n  </changeSet>\n";
    }

    private static String changelog(String changeSets) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<databaseChangeLog xmlns=\"http://www.liquibase.org/xml/ns/dbchangelog\"\n"
                + "    xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
                + "    xsi:schemaLocation=\"http://www.liquibase.org/xml/ns/dbchangelog"
                + " http://www.liquibase.org/xml/ns/dbchangelog/dbchangelog-4.33.xsd\">\n"
                + changeSets + "</databaseChangeLog>\n";
    }

    /** The changelog tables, as a project that has used Liquibase before has them: an empty changelog's update. */
    static void liquibaseBefore(DataSource ds) throws Exception {
        // A file of its own: Liquibase remembers, per database and changelog file, that it found it up to date.
        liquibaseUpdate(ds, "db.changelog-before.xml", changelog(""));
    }

    /** Liquibase's {@code update} command on {@code ds} with this changelog; throws what Liquibase throws. */
    static void liquibaseUpdate(DataSource ds, String changelogXml) throws Exception {
        liquibaseUpdate(ds, "db.changelog.xml", changelogXml);
    }

    private static void liquibaseUpdate(DataSource ds, String file, String changelogXml) throws Exception {
        Path dir = Files.createTempDirectory("requiredsince-bench-liquibase-");
        try {
            Files.writeString(dir.resolve(file), changelogXml);
            try (Connection c = ds.getConnection()) {
                Database database = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(c));
                Scope.child(Map.of(Scope.Attr.resourceAccessor.name(), new DirectoryResourceAccessor(dir),
                        Scope.Attr.ui.name(), new LoggerUIService()), () -> new CommandScope("update")
                        .addArgumentValue("database", database)
                        .addArgumentValue("changelogFile", file)
                        .setOutput(new ByteArrayOutputStream())
                        .execute());
            }
        } finally {
            deleteTree(dir);
        }
    }

    // ---- Flyway: one versioned SQL migration, V2 above the baseline ----

    /** The schema history, as a project that has used Flyway before has it: {@code baseline()} at version 1. */
    static void flywayBefore(DataSource ds) throws IOException {
        Path dir = Files.createTempDirectory("requiredsince-bench-flyway-");
        try {
            Flyway.configure().dataSource(ds).locations("filesystem:" + dir).load().baseline();
        } finally {
            deleteTree(dir);
        }
    }

    /** Add nullable, one UPDATE, tighten. */
    static String flywayThreeSteps(Engine engine, String table, String column, String type, String value) {
        return "ALTER TABLE " + table + " ADD COLUMN " + column + " " + type + " NULL;\n"
                + "UPDATE " + table + " SET " + column + " = " + value + ";\n"
                + engine.setNotNull(table, column, type) + ";\n";
    }

    /** The hand-written fast default: NOT NULL with a DEFAULT in one statement, then the default dropped. */
    static String flywayFastDefault(String table, String column, String type, String constant) {
        return "ALTER TABLE " + table + " ADD COLUMN " + column + " " + type + " NOT NULL DEFAULT " + constant + ";\n"
                + "ALTER TABLE " + table + " ALTER COLUMN " + column + " DROP DEFAULT;\n";
    }

    /** Flyway's {@code migrate} on {@code ds} with this SQL as {@code V2}; throws what Flyway throws. */
    static void flywayMigrate(DataSource ds, String sql) throws IOException {
        Path dir = Files.createTempDirectory("requiredsince-bench-flyway-");
        try {
            Files.writeString(dir.resolve("V2__add_required_column.sql"), sql);
            Flyway.configure().dataSource(ds).locations("filesystem:" + dir).load().migrate();
        } finally {
            deleteTree(dir);
        }
    }

    private static void deleteTree(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
