package io.requiredsince.benchmarks;

import io.requiredsince.benchmarks.PeerTools.Engine;
import io.requiredsince.testkit.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import javax.sql.DataSource;
import org.mariadb.jdbc.MariaDbDataSource;

/** Scenario 8's servers: a fresh database with a filled {@code organizations} table for every tool's run. */
final class PeersServers {

    private PeersServers() {
    }

    interface Server {
        String label();

        Engine engine();

        /** A new database holding {@code organizations(id, name, seats)} with {@code rows} rows. */
        DataSource fresh(long rows);

        void drop(DataSource ds);

        /** The table's bytes on disk over its rows. */
        double bytesPerRow(DataSource ds, String table);

        default String version() throws SQLException {
            DataSource any = fresh(0);
            try (Connection c = any.getConnection()) {
                return c.getMetaData().getDatabaseProductName() + " " + c.getMetaData().getDatabaseProductVersion();
            } finally {
                drop(any);
            }
        }
    }

    /** Databases on the embedded PostgreSQL, dropped after each run. */
    static final class Postgres implements Server {
        private final EmbeddedPostgres pg;
        private final Map<DataSource, String> names = new IdentityHashMap<>();
        private int created;

        Postgres(EmbeddedPostgres pg) {
            this.pg = pg;
        }

        @Override
        public String label() {
            return "PostgreSQL";
        }

        @Override
        public Engine engine() {
            return Engine.POSTGRES;
        }

        @Override
        public DataSource fresh(long rows) {
            String name = "peers" + (++created);
            DataSource ds = pg.createDatabase(name);
            names.put(ds, name);
            Benchmark.exec(ds, "create table organizations (id bigserial primary key, name text not null, seats int not null)",
                    "insert into organizations (name, seats) select 'Organization number ' || g || ' ' || md5(g::text),"
                            + " g % 20 from generate_series(1, " + rows + ") g",
                    "vacuum analyze organizations");
            return ds;
        }

        @Override
        public void drop(DataSource ds) {
            Benchmark.exec(pg.dataSource("postgres"), "drop database if exists \"" + names.remove(ds) + "\" with (force)");
        }

        @Override
        public double bytesPerRow(DataSource ds, String table) {
            return (double) Benchmark.count(ds, "select pg_total_relation_size('" + table + "') - pg_indexes_size('"
                    + table + "')") / Benchmark.count(ds, "select count(*) from " + table);
        }
    }

    /** Databases on a MariaDB server, one per run, dropped after it (and at the end, whatever happened). */
    static final class Mariadb implements Server, AutoCloseable {
        private final String url;
        private final DataSource server;
        private final Map<DataSource, String> names = new IdentityHashMap<>();
        private int created;

        Mariadb(String url) throws SQLException {
            this.url = url;
            this.server = new MariaDbDataSource(url);
        }

        @Override
        public String label() {
            return "MariaDB";
        }

        @Override
        public Engine engine() {
            return Engine.MARIADB;
        }

        @Override
        public DataSource fresh(long rows) {
            String name = "requiredsince_bench8_" + ProcessHandle.current().pid() + "_" + (++created);
            Benchmark.exec(server, "drop database if exists " + name, "create database " + name);
            try {
                DataSource ds = new MariaDbDataSource(Benchmark.mariadbDatabase(url, name));
                names.put(ds, name);
                Benchmark.exec(ds, "create table organizations (id bigint auto_increment primary key,"
                        + " name varchar(100) not null, seats int not null) engine=InnoDB");
                if (rows > 0) {
                    Benchmark.exec(ds, "insert into organizations (id, name, seats) select seq,"
                            + " concat('Organization number ', seq, ' ', md5(seq)), seq % 20 from seq_1_to_" + rows,
                            "analyze table organizations");
                }
                return ds;
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void drop(DataSource ds) {
            Benchmark.exec(server, "drop database if exists " + names.remove(ds));
        }

        @Override
        public double bytesPerRow(DataSource ds, String table) {
            return (double) Benchmark.count(ds, "select data_length from information_schema.tables"
                    + " where table_schema = database() and table_name = '" + table + "'")
                    / Benchmark.count(ds, "select count(*) from " + table);
        }

        @Override
        public void close() {
            for (DataSource ds : new ArrayList<>(names.keySet())) {
                drop(ds);
            }
        }
    }

    /**
     * What is wrong with the table after a run, or null when nothing: its row count (the rows at the
     * start and every insert that succeeded), rows whose column is NULL or not {@code expected}, and
     * the column's nullability in the catalog.
     */
    static String endState(Server server, DataSource ds, String table, String column, String expected, long expectedRows) {
        if (Benchmark.count(ds, "select count(*) from information_schema.columns where table_name = '" + table
                + "' and column_name = '" + column + "'") == 0) {
            return "no column " + column;
        }
        long count = Benchmark.count(ds, "select count(*) from " + table);
        long nulls = Benchmark.count(ds, "select count(*) from " + table + " where " + column + " is null");
        long wrong = Benchmark.count(ds, "select count(*) from " + table + " where " + column + " <> " + expected);
        boolean notNull = notNullInCatalog(server.engine(), ds, table, column);
        List<String> wrongs = new ArrayList<>();
        if (count != expectedRows) {
            wrongs.add(String.format(Locale.ROOT, "%,d rows where %,d were written", count, expectedRows));
        }
        if (nulls > 0) {
            wrongs.add(String.format(Locale.ROOT, "%,d rows NULL", nulls));
        }
        if (wrong > 0) {
            wrongs.add(String.format(Locale.ROOT, "%,d rows not %s", wrong, expected));
        }
        if (!notNull) {
            wrongs.add("the column nullable in the catalog");
        }
        return wrongs.isEmpty() ? null : String.join(", ", wrongs);
    }

    private static boolean notNullInCatalog(Engine engine, DataSource ds, String table, String column) {
        String schema = engine == Engine.POSTGRES ? "current_schema()" : "database()";
        try (Connection c = ds.getConnection(); PreparedStatement st = c.prepareStatement("select is_nullable from"
                + " information_schema.columns where table_schema = " + schema + " and table_name = ? and column_name = ?")) {
            st.setString(1, table);
            st.setString(2, column);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() && rs.getString(1).equals("NO");
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A library's version, from the Maven metadata in its jar. */
    static String version(String group, String artifact) {
        try (InputStream in = PeersServers.class.getResourceAsStream("/META-INF/maven/" + group + "/" + artifact
                + "/pom.properties")) {
            if (in == null) {
                return "(version unknown)";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            return "(version unknown)";
        }
    }
}
