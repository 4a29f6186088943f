package io.requiredsince.runtime.internal.sqlite;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * An in-memory SQLite database holding the live database's schema, its pragmas and AUTOINCREMENT
 * counters, and no rows, on which a script's
 * DDL is rendered and then run, step by step. The table rebuild is rendered from the table's whole
 * {@code CREATE TABLE} text: the second migration of a table in one script must see the column the
 * first one added, which the live database does not have yet.
 */
final class SchemaRehearsal {

    private SchemaRehearsal() {
    }

    /** A new in-memory database with every table, index, trigger and view of {@code live}'s main schema. */
    static Connection of(Connection live) throws SQLException {
        List<String> schema = new ArrayList<>();
        try (Statement st = live.createStatement();
             ResultSet rs = st.executeQuery("select sql from sqlite_master where sql is not null"
                     + " and name not like 'sqlite\\_%' escape '\\'"
                     + " order by case type when 'table' then 0 when 'index' then 1 when 'trigger' then 2 else 3 end")) {
            while (rs.next()) {
                schema.add(rs.getString(1));
            }
        }
        // The pragmas the rebuild reads, as the live connection has them: what it renders depends on them.
        List<String> pragmas = new ArrayList<>();
        for (String pragma : List.of("foreign_keys", "legacy_alter_table")) {
            try (Statement st = live.createStatement(); ResultSet rs = st.executeQuery("pragma " + pragma)) {
                pragmas.add("pragma " + pragma + " = " + (rs.next() ? rs.getInt(1) : 0));
            }
        }
        // The AUTOINCREMENT counters, which the rebuild puts back.
        List<Object[]> sequences = new ArrayList<>();
        try (Statement st = live.createStatement();
             ResultSet rs = st.executeQuery("select name, seq from sqlite_sequence")) {
            while (rs.next()) {
                sequences.add(new Object[] {rs.getString(1), rs.getLong(2)});
            }
        } catch (SQLException none) {
            // no table has AUTOINCREMENT: there is no sqlite_sequence
        }
        Connection scratch = DriverManager.getConnection("jdbc:sqlite::memory:");
        try (Statement st = scratch.createStatement()) {
            for (String statement : pragmas) {
                st.execute(statement);
            }
            for (String statement : schema) {
                st.execute(statement);
            }
            for (Object[] sequence : sequences) {
                try (var insert = scratch.prepareStatement("insert into sqlite_sequence (name, seq) values (?, ?)")) {
                    insert.setString(1, (String) sequence[0]);
                    insert.setLong(2, (Long) sequence[1]);
                    insert.execute();
                }
            }
        } catch (SQLException | RuntimeException e) {
            try {
                scratch.close();
            } catch (SQLException again) {
                e.addSuppressed(again);
            }
            throw e;
        }
        return scratch;
    }
}
