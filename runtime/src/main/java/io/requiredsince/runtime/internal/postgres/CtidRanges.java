package io.requiredsince.runtime.internal.postgres;

import io.requiredsince.runtime.internal.AddressRanges;
import io.requiredsince.runtime.internal.BackfillSettings;
import io.requiredsince.runtime.internal.BatchSizer;
import io.requiredsince.runtime.internal.EngineInfo;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A table without a primary key, walked by {@code ctid} in ranges of heap blocks. On a partitioned
 * table the range condition on the parent selects those blocks of every leaf partition, so the walk
 * runs up to the size of the largest leaf (the parent itself has no blocks).
 */
final class CtidRanges implements AddressRanges {

    private final EngineInfo info;
    private final boolean partitioned;

    CtidRanges(EngineInfo info, boolean partitioned) {
        this.info = info;
        this.partitioned = partitioned;
    }

    @Override
    public String column() {
        return "ctid";
    }

    @Override
    public String describe() {
        return "ctid ranges";
    }

    @Override
    public long size(Connection connection, String quotedTable) throws SQLException {
        if (partitioned) {
            return Partitions.largestLeafBlocks(connection, quotedTable);
        }
        try (PreparedStatement ps = connection.prepareStatement(
                "select pg_relation_size(to_regclass(?)) / current_setting('block_size')::bigint")) {
            ps.setString(1, quotedTable);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * About 50 rows per block for narrow rows, so the first range holds about {@code batchSize} rows.
     * Before PostgreSQL 14 there is no TID range scan: every range costs a full scan of the table
     * whatever its size, and shrinking towards one block would mean one full scan per block. There the
     * range is fixed at a sixteenth of the table: at most about 16 scans, each batch holding that many
     * rows.
     */
    @Override
    public BatchSizer sizer(BackfillSettings settings, long blocks) {
        int start = Math.max(1, settings.batchSize() / 50);
        if (info.major() < 14) {
            return BatchSizer.fixed((int) Math.max(start, Math.min(BatchSizer.MAX, (blocks + 15) / 16)));
        }
        return new BatchSizer(settings, start);
    }

    @Override
    public String from(String block) {
        return "ctid >= '(" + block + ",0)'::tid";
    }

    @Override
    public String before(String block) {
        return "ctid < '(" + block + ",0)'::tid";
    }

    @Override
    public String asText() {
        return "ctid::text";
    }

    @Override
    public String parameterCast() {
        return "::tid";
    }
}
