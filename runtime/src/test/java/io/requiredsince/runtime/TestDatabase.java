package io.requiredsince.runtime;

import io.requiredsince.testkit.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

/** A fresh, empty database on a real engine, for one test. */
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
    static List<Supplier<TestDatabase>> engines() {
        List<Supplier<TestDatabase>> all = new ArrayList<>();
        all.add(named("H2", TestDatabase::h2));
        all.add(named("PostgreSQL 17 (embedded)", TestDatabase::embeddedPostgres));
        all.addAll(PostgresEngines.others());
        return all;
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

    static synchronized TestDatabase embeddedPostgres() {
        if (postgres == null) {
            postgres = EmbeddedPostgres.start();
        }
        return new TestDatabase("PostgreSQL", postgres.createDatabase("t" + COUNTER.incrementAndGet()));
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

    /** Nullability and default of a column, from the JDBC catalog (names matched ignoring case). */
    ColumnFacts column(String table, String column) {
        try (Connection c = dataSource.getConnection();
             ResultSet rs = c.getMetaData().getColumns(null, null, null, null)) {
            while (rs.next()) {
                if (rs.getString("TABLE_NAME").equalsIgnoreCase(table)
                        && rs.getString("COLUMN_NAME").equalsIgnoreCase(column)
                        && !"INFORMATION_SCHEMA".equalsIgnoreCase(rs.getString("TABLE_SCHEM"))
                        && !"pg_catalog".equals(rs.getString("TABLE_SCHEM"))) {
                    return new ColumnFacts(true, rs.getInt("NULLABLE") != java.sql.DatabaseMetaData.columnNoNulls,
                            rs.getString("COLUMN_DEF"), rs.getString("TYPE_NAME"));
                }
            }
            return new ColumnFacts(false, true, null, null);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    record ColumnFacts(boolean exists, boolean nullable, String defaultValue, String typeName) {
    }
}
