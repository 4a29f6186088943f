package io.requiredsince.liquibase;

import io.requiredsince.testkit.FreshDatabase;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import liquibase.Scope;
import liquibase.command.CommandScope;

/**
 * A changelog on a test database, run with Liquibase's own commands as its command line runs them:
 * Liquibase opens the connection from the URL. {@link #in} adds values to Liquibase's scope for the
 * commands (requiredsince's DataSource and settings, a class loader).
 */
final class Changelog {

    private final String url;
    private final String file;
    private final Map<String, Object> scope;
    private final Map<String, Object> arguments;

    Changelog(FreshDatabase db, String file) {
        this(db.url, file);
    }

    Changelog(String url, String file) {
        this(url, file, Map.of(), Map.of());
    }

    private Changelog(String url, String file, Map<String, Object> scope, Map<String, Object> arguments) {
        this.url = url;
        this.file = file;
        this.scope = scope;
        this.arguments = arguments;
    }

    /** The test changelog on {@code db} as the release before requiredsince left it: changesets 1 and 1.1 ran. */
    static Changelog beforeRequiredSince(FreshDatabase db) throws Exception {
        Changelog changelog = new Changelog(db, "db/changelog.xml");
        changelog.updateCount(2);
        return changelog;
    }

    /** The same changelog, its commands run with these values in Liquibase's scope. */
    Changelog in(Map<String, Object> values) {
        Map<String, Object> all = new HashMap<>(scope);
        all.putAll(values);
        return new Changelog(url, file, all, arguments);
    }

    /** The same changelog, its commands given this argument too ({@code username}, {@code password}). */
    Changelog with(String argument, Object value) {
        Map<String, Object> all = new HashMap<>(arguments);
        all.put(argument, value);
        return new Changelog(url, file, scope, all);
    }

    void update() throws Exception {
        run("update", new ByteArrayOutputStream());
    }

    /** Runs the first {@code count} changesets not run yet. */
    void updateCount(int count) throws Exception {
        with("count", count).run("updateCount", new ByteArrayOutputStream());
    }

    /** What {@code update-sql} prints. */
    String updateSql() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        run("updateSql", out);
        return out.toString(StandardCharsets.UTF_8);
    }

    void validate() throws Exception {
        run("validate", new ByteArrayOutputStream());
    }

    void releaseLocks() throws Exception {
        with("changelogFile", null).run("releaseLocks", new ByteArrayOutputStream());
    }

    private void run(String command, ByteArrayOutputStream out) throws Exception {
        Scope.child(scope, () -> {
            CommandScope c = new CommandScope(command).addArgumentValue("url", url).setOutput(out);
            Map<String, Object> args = new HashMap<>();
            args.put("changelogFile", file);
            args.putAll(arguments);
            args.forEach((k, v) -> {
                if (v != null) {
                    c.addArgumentValue(k, v);
                }
            });
            c.execute();
        });
    }

    /** The ids of the changesets DATABASECHANGELOG records, in the order they ran, with their state. */
    List<String> ran() throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url)) {
            if (!tableExists(c, "DATABASECHANGELOG")) {
                return out;
            }
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select id, exectype from DATABASECHANGELOG order by orderexecuted")) {
                while (rs.next()) {
                    out.add(rs.getString(1) + " " + rs.getString(2));
                }
            }
        }
        return out;
    }

    static boolean tableExists(FreshDatabase db, String table) throws SQLException {
        try (Connection c = db.connect()) {
            return tableExists(c, table);
        }
    }

    private static boolean tableExists(Connection c, String table) throws SQLException {
        for (String name : new String[] {table.toLowerCase(Locale.ROOT), table.toUpperCase(Locale.ROOT)}) {
            try (ResultSet rs = c.getMetaData().getTables(c.getCatalog(), null, name, null)) {
                if (rs.next()) {
                    return true;
                }
            }
        }
        return false;
    }

    static boolean columnExists(FreshDatabase db, String table, String column) throws SQLException {
        try (Connection c = db.connect()) {
            for (boolean upper : new boolean[] {false, true}) {
                String t = upper ? table.toUpperCase(Locale.ROOT) : table;
                String col = upper ? column.toUpperCase(Locale.ROOT) : column;
                try (ResultSet rs = c.getMetaData().getColumns(c.getCatalog(), null, t, col)) {
                    if (rs.next()) {
                        return true;
                    }
                }
            }
            return false;
        }
    }
}
