package io.requiredsince.example;

import io.requiredsince.runtime.ConsoleProgress;
import io.requiredsince.runtime.MigrationInfo;
import io.requiredsince.runtime.MigrationReport;
import io.requiredsince.runtime.Migrator;
import io.requiredsince.runtime.PlannedStatement;
import io.requiredsince.testkit.EmbeddedPostgres;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Year;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * The whole chain on a real database: the previous version's tables, full of rows; what the naive
 * {@code ADD COLUMN … NOT NULL} does to them; then {@code plan()}, {@code migrate()} and a proof
 * that every old row has its value and that NULL is now refused.
 *
 * <pre>
 * mvn -q -Pexample -DskipTests verify                                  # embedded PostgreSQL
 * mvn -q -Pexample -DskipTests verify -Dexample.args="--url jdbc:postgresql://127.0.0.1:5432/example?user=postgres"
 * </pre>
 */
public final class ExampleApp {

    private final PrintStream out;
    private final int rows;

    private ExampleApp(PrintStream out, int rows) {
        this.out = out;
        this.rows = rows;
    }

    public static void main(String[] args) throws Exception {
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "  [%4$s] %5$s%6$s%n");
        }
        run(args, System.out);
    }

    /** Runs the example; throws when the end state is not the proven one. */
    public static void run(String[] args, PrintStream out) throws Exception {
        String url = null;
        String user = null;
        String password = null;
        int rows = 10_000;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--url" -> url = args[++i];
                case "--user" -> user = args[++i];
                case "--password" -> password = args[++i];
                case "--rows" -> rows = Integer.parseInt(args[++i]);
                case "--help", "-h" -> {
                    out.println("usage: ExampleApp [--url JDBC_URL [--user U] [--password P]] [--rows N]");
                    out.println("Without --url it starts an embedded PostgreSQL.");
                    return;
                }
                default -> throw new IllegalArgumentException("Unknown argument " + args[i] + " (try --help)");
            }
        }
        if (url == null) {
            out.println("Starting an embedded PostgreSQL (pass --url to use another database)...");
            try (EmbeddedPostgres pg = EmbeddedPostgres.start()) {
                new ExampleApp(out, rows).run(pg.createDatabase("example"));
            }
        } else {
            new ExampleApp(out, rows).run(new UrlDataSource(url, user, password));
        }
    }

    // The demo's tables: dropped and created again on every run, so only where the example made them.
    private static final List<String> TABLES = List.of("organizations", "users", "invoices", "employees",
            "naive_demo", "requiredsince_history");
    private static final String MARKER = "requiredsince_example";

    private void run(DataSource ds) throws SQLException {
        // Held open for the whole run: an in-memory H2, HSQLDB or Derby database lives while a connection does.
        try (Connection keeper = ds.getConnection()) {
            String product = keeper.getMetaData().getDatabaseProductName();
            if (product.startsWith("SQLite") || product.startsWith("Apache Derby")) {
                throw new IllegalArgumentException("The example's Employee.age backfill, extract(year from current_date)"
                        + " - birth_year, is SQL written as it runs, and " + product + " has no EXTRACT: the example"
                        + " runs on PostgreSQL, MySQL, MariaDB, H2 and HSQLDB (requiredsince itself runs on "
                        + product + " too, with a backfill in its SQL)");
            }
            refuseTablesItDidNotMake(keeper);
            out.println("Database: " + keeper.getMetaData().getDatabaseProductName() + " "
                    + keeper.getMetaData().getDatabaseProductVersion());
            out.println("The example drops and creates its own tables here (" + String.join(", ", TABLES)
                    + "), marked by the table " + MARKER + ".");
            out.println();
            demo(ds);
        }
    }

    // Tables of these names that a run of the example did not create are somebody's data: never dropped.
    private static void refuseTablesItDidNotMake(Connection c) throws SQLException {
        List<String> present = new java.util.ArrayList<>();
        boolean marked = false;
        try (ResultSet rs = c.getMetaData().getTables(c.getCatalog(), c.getSchema(), null, new String[] {"TABLE"})) {
            while (rs.next()) {
                String name = rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT);
                marked |= name.equals(MARKER);
                if (TABLES.contains(name)) {
                    present.add(name);
                }
            }
        }
        if (!present.isEmpty() && !marked) {
            throw new IllegalStateException("This database already has " + String.join(", ", present) + ", which the"
                    + " example did not create: it drops and re-creates its demo tables, so it stops here and changes"
                    + " nothing. Point --url at an empty database (e.g. createdb example, then"
                    + " --url jdbc:postgresql://127.0.0.1:5432/example?user=postgres)");
        }
    }

    private void demo(DataSource ds) throws SQLException {

        section("1. The previous version's schema, with rows");
        createPreviousVersion(ds);

        section("2. The naive migration: ADD COLUMN ... NOT NULL, no default");
        showNaiveMigration(ds);

        // A progress bar on a terminal, plain lines otherwise (CI logs, files).
        Migrator migrator = Migrator.configure(ds).listener(new ConsoleProgress(out,
                System.console() != null && out == System.out)).load();
        section("3. plan(): what requiredsince would run (nothing is changed)");
        List<PlannedStatement> plan = migrator.plan();
        out.println(plan); // a script: each migration's statements under a comment naming it

        section("4. migrate(): expand (the previous version may still be running)");
        MigrationReport report = migrator.migrate();
        out.print(report);
        out.println();
        out.println(migrator.info()); // a table, one line per migration

        section("5. The previous version, still running during the deploy, inserts without the new columns");
        showPreviousVersionInserting(ds);

        section("6. complete(): no instance of the previous version is left");
        out.print(migrator.complete());
        out.println();
        out.println(migrator.info());
        showRowsOfThePreviousVersion(ds);

        section("7. Proof");
        prove(ds);
        out.println();
        out.println("PROVEN: every existing row has its value, and a row without the new columns is refused.");
    }

    private static boolean exists(Connection c, String table) throws SQLException {
        try (ResultSet rs = c.getMetaData().getTables(c.getCatalog(), c.getSchema(), null, new String[] {"TABLE"})) {
            while (rs.next()) {
                if (rs.getString("TABLE_NAME").equalsIgnoreCase(table)) {
                    return true;
                }
            }
        }
        return false;
    }

    private void section(String title) {
        out.println("== " + title);
    }

    private void createPreviousVersion(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            if (!exists(c, MARKER)) {
                s.execute("CREATE TABLE " + MARKER + " (made_by VARCHAR(40))");
            }
            for (String table : List.of("organizations", "users", "invoices", "employees", "requiredsince_history")) {
                if (exists(c, table)) {
                    s.execute("DROP TABLE " + table);
                }
            }
            s.execute("CREATE TABLE organizations (id BIGINT PRIMARY KEY, name VARCHAR(100) NOT NULL)");
            s.execute("CREATE TABLE users (id BIGINT PRIMARY KEY, username VARCHAR(100) NOT NULL)");
            s.execute("CREATE TABLE invoices (id BIGINT PRIMARY KEY, number VARCHAR(20) NOT NULL)");
            s.execute("CREATE TABLE employees (id BIGINT PRIMARY KEY, name VARCHAR(100) NOT NULL,"
                    + " birth_year INTEGER NOT NULL)");
        }
        fill(ds, "INSERT INTO organizations (id, name) VALUES (?, ?)", (p, i) -> p.setString(2, "Org " + i));
        fill(ds, "INSERT INTO users (id, username) VALUES (?, ?)", (p, i) -> p.setString(2, "user" + i));
        fill(ds, "INSERT INTO invoices (id, number) VALUES (?, ?)", (p, i) -> p.setString(2, "INV-" + i));
        fill(ds, "INSERT INTO employees (id, name, birth_year) VALUES (?, ?, ?)", (p, i) -> {
            p.setString(2, "Employee " + i);
            p.setInt(3, 1960 + (int) (i % 45));
        });
        out.printf(Locale.ROOT, "organizations, users, invoices, employees: %,d rows each%n%n", rows);
    }

    private interface RowFiller {
        void fill(PreparedStatement p, long i) throws SQLException;
    }

    private void fill(DataSource ds, String sql, RowFiller filler) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement p = c.prepareStatement(sql)) {
            c.setAutoCommit(false);
            for (long i = 1; i <= rows; i++) {
                p.setLong(1, i);
                filler.fill(p, i);
                p.addBatch();
                if (i % 1000 == 0) {
                    p.executeBatch();
                }
            }
            p.executeBatch();
            c.commit();
        }
    }

    // On a scratch copy: some engines (MySQL) accept the naive statement and silently invent
    // values, and their DDL cannot be rolled back.
    private void showNaiveMigration(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            if (exists(c, "naive_demo")) {
                s.execute("DROP TABLE naive_demo");
            }
            s.execute("CREATE TABLE naive_demo (id BIGINT PRIMARY KEY, name VARCHAR(100) NOT NULL)");
            s.execute("INSERT INTO naive_demo (id, name) VALUES (1, 'Acme'), (2, 'Globex'), (3, 'Initech')");
            String naive = "ALTER TABLE naive_demo ADD COLUMN plan VARCHAR(255) NOT NULL";
            out.println(naive + ";");
            try {
                s.execute(naive);
                out.println("  -> accepted. The existing rows now hold values nobody chose:");
                try (ResultSet rs = s.executeQuery("SELECT id, plan FROM naive_demo ORDER BY id")) {
                    while (rs.next()) {
                        out.println("     id " + rs.getLong(1) + ": plan = '" + rs.getString(2) + "'");
                    }
                }
            } catch (SQLException e) {
                out.println("  -> FAILS: " + e.getMessage().lines().findFirst().orElse(""));
            } finally {
                s.execute("DROP TABLE naive_demo");
            }
        }
        out.println();
    }

    private void showPreviousVersionInserting(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            String org = "INSERT INTO organizations (id, name) VALUES (-1, 'Previous Version Org')";
            String employee = "INSERT INTO employees (id, name, birth_year) VALUES (-1, 'Previous Version', 1990)";
            s.execute(org);
            s.execute(employee);
            out.println(org + ";");
            out.println(employee + ";");
            out.println("  -> accepted: the columns are there, and the rows get their values meanwhile:");
        }
        showRowsOfThePreviousVersion(ds);
    }

    private void showRowsOfThePreviousVersion(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT plan, slug FROM organizations WHERE id = -1")) {
                rs.next();
                out.println("     organization -1: plan = '" + rs.getString(1) + "', slug = "
                        + (rs.getString(2) == null ? "NULL (a Java backfill: complete() computes it)"
                                : "'" + rs.getString(2) + "'"));
            }
            try (ResultSet rs = s.executeQuery("SELECT age FROM employees WHERE id = -1")) {
                rs.next();
                out.println("     employee -1: age = " + rs.getString(1));
            }
        }
        out.println();
    }

    private void prove(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("DELETE FROM organizations WHERE id = -1");
            s.execute("DELETE FROM employees WHERE id = -1");
        }
        int year = Year.now().getValue();
        expect(ds, "SELECT COUNT(*) FROM organizations WHERE plan = 'free'", rows, "organizations on the free plan");
        expect(ds, "SELECT COUNT(*) FROM organizations WHERE slug LIKE 'org-%'", rows,
                "organizations with a slug from their name");
        expect(ds, "SELECT COUNT(*) FROM users WHERE first_name = 'Unknown' AND last_name = 'Unknown'", rows,
                "users named Unknown Unknown");
        expect(ds, "SELECT COUNT(*) FROM users WHERE is_active = true", rows, "active users");
        expect(ds, "SELECT COUNT(*) FROM invoices WHERE enable_downloads = false", rows,
                "invoices without downloads");
        expect(ds, "SELECT COUNT(*) FROM employees WHERE age = " + year + " - birth_year", rows,
                "employees whose age matches their birth year");
        refused(ds, "INSERT INTO organizations (id, name) VALUES (-1, 'No plan')");
        refused(ds, "INSERT INTO users (id, username) VALUES (-1, 'nameless')");
        refused(ds, "INSERT INTO invoices (id, number) VALUES (-1, 'INV-X')");
        refused(ds, "INSERT INTO employees (id, name, birth_year) VALUES (-1, 'Ageless', 1990)");
    }

    private void expect(DataSource ds, String sql, long expected, String what) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            long actual = rs.getLong(1);
            out.printf(Locale.ROOT, "  %-48s %,d of %,d%n", what, actual, expected);
            if (actual != expected) {
                throw new IllegalStateException("Expected " + expected + " " + what + ", found " + actual);
            }
        }
    }

    private void refused(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException expected) {
            out.println("  refused: " + sql);
            out.println("           " + expected.getMessage().lines().findFirst().orElse(""));
            return;
        }
        throw new IllegalStateException("The database accepted a row without the required column: " + sql);
    }

    /** A minimal data source over {@link DriverManager}, so any JDBC URL works without a pool. */
    private record UrlDataSource(String url, String user, String password) implements DataSource {
        @Override
        public Connection getConnection() throws SQLException {
            return user == null ? DriverManager.getConnection(url) : DriverManager.getConnection(url, user, password);
        }

        @Override
        public Connection getConnection(String u, String p) throws SQLException {
            return DriverManager.getConnection(url, u, p);
        }

        @Override
        public java.io.PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(java.io.PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public java.util.logging.Logger getParentLogger() {
            return java.util.logging.Logger.getGlobal();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    }
}
