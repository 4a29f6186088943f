package io.requiredsince.runtime;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;

/**
 * A plain application for {@link LogTest}, run in a JVM of its own: migrates an H2 database in
 * memory, then runs a migrator without migrations, which warns. What the runtime logs goes
 * wherever this JVM's logging sends it.
 */
public final class LogChild {

    private LogChild() {
    }

    public static void main(String[] args) throws Exception {
        org.h2.jdbcx.JdbcDataSource ds = new org.h2.jdbcx.JdbcDataSource();
        ds.setURL("jdbc:h2:mem:log;DB_CLOSE_DELAY=-1");
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE organizations (id INTEGER PRIMARY KEY, name VARCHAR(100) NOT NULL)");
            s.execute("INSERT INTO organizations (id, name) VALUES (1, 'Acme')");
        }
        Migrator.configure(ds).migrations(List.of(TestMigration.of("2", "organizations", "plan", SqlType.varchar(20),
                Backfill.constant("'free'"), false))).load().migrate();
        // A migrator without migrations warns that there are none.
        Migrator.configure(ds).migrations(List.of()).historyTable("other_history").load().migrate();
        System.out.println("DONE");
    }
}
