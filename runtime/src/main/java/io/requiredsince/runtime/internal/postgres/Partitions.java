package io.requiredsince.runtime.internal.postgres;

import io.requiredsince.runtime.internal.Target;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A table {@code PARTITION BY …} ({@code pg_class.relkind = 'p'}, PostgreSQL 10 and later) has no
 * storage of its own: its rows live in its leaf partitions. DML, {@code LOCK TABLE}, {@code ADD
 * CONSTRAINT … NOT VALID}, {@code VALIDATE}, {@code SET NOT NULL}, {@code DROP DEFAULT} and {@code DROP
 * COLUMN} on the parent reach every partition; what needs storage (an index built concurrently, the
 * size in blocks of a ctid walk) is done per leaf.
 */
final class Partitions {

    // Every level below the table; inheritance children too, whose rows DML on the parent reaches as well.
    private static final String TREE = "with recursive tree(oid) as (select to_regclass(?)::oid union all"
            + " select i.inhrelid from pg_inherits i join tree t on i.inhparent = t.oid)";

    private Partitions() {
    }

    /** Whether the target's table is partitioned. */
    static boolean isPartitioned(Connection connection, Target target) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "select relkind::text = 'p' from pg_class where oid = to_regclass(?)")) {
            ps.setString(1, PostgresSupport.regclass(target));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /** The leaf partitions of the target's table, the ones with storage, by schema and name. */
    static List<Leaf> leaves(Connection connection, Target target) throws SQLException {
        List<Leaf> leaves = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(TREE + " select n.nspname, c.relname from tree t"
                + " join pg_class c on c.oid = t.oid join pg_namespace n on n.oid = c.relnamespace"
                + " where c.relkind = 'r' order by n.nspname, c.relname")) {
            ps.setString(1, PostgresSupport.regclass(target));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    leaves.add(new Leaf(rs.getString(1), rs.getString(2)));
                }
            }
        }
        return leaves;
    }

    /** The size in blocks of the largest leaf: a ctid range on the parent covers those blocks of every leaf. */
    static long largestLeafBlocks(Connection connection, String quotedTable) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(TREE + " select coalesce(max(pg_relation_size(oid)), 0)"
                + " / current_setting('block_size')::bigint from tree")) {
            ps.setString(1, quotedTable);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** A leaf partition. */
    record Leaf(String schema, String table) {
    }
}
