package io.requiredsince.runtime.internal;

import io.requiredsince.runtime.Migration;
import io.requiredsince.runtime.MigrationVersion;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The history table, {@code requiredsince_history} by default, with the columns Flyway users know
 * plus {@code rows_backfilled}, what the column was before ({@code added_column},
 * {@code prior_default}) and the phase reached ({@code phase}, {@code completed_on}). One row per
 * migration: written as {@code success = false} when a migration starts and updated to
 * {@code true} when its expand ends, with {@code phase = 'EXPANDED'}, or when it completes, with
 * {@code phase = 'COMPLETED'}; so a run that died leaves a record of what it had begun. A row of an
 * earlier release, without a phase, completed.
 */
final class HistoryTable {

    /** One row of the history. */
    public record Row(int installedRank, MigrationVersion version, String description, String script,
                      int checksum, String installedBy, Instant installedOn, int executionTime,
                      boolean success, long rowsBackfilled, String type, String definition, String stepReached,
                      Boolean addedColumn, String priorDefault, String phase, Instant completedOn,
                      MigrationVersion knownVersion) {

        /**
         * The version from which a pending migration belongs to a later release than the one that
         * expanded this migration: the highest version that release's code knew (recorded at
         * expand), else this migration's own.
         */
        public MigrationVersion releasedWith() {
            return knownVersion != null && knownVersion.compareTo(version) > 0 ? knownVersion : version;
        }

        /** Whether the migration expanded and waits for complete. */
        public boolean expanded() {
            return success && EXPANDED.equals(phase);
        }

        /** Whether the row still stands for the migration (not undone, not removed by {@code repair()}). */
        public boolean current() {
            return TYPE.equals(type);
        }

        /**
         * What the column was when the migration started. No step changes a default the column had,
         * so where none was recorded (a column without one, or a row of an earlier release) the
         * {@code live} one is it: one that appeared meanwhile is not the migration's either. A row
         * written before {@code added_column} was recorded tells nothing: the migration then settles
         * the column as its spec says, the way the release that began it would have.
         */
        public PriorColumn prior(LiveColumn live) {
            if (!Boolean.FALSE.equals(addedColumn)) {
                return PriorColumn.MISSING;
            }
            return new PriorColumn(true, priorDefault != null ? priorDefault : live.defaultValue());
        }
    }

    /** The phase of a migration whose expand ended and whose complete has not. */
    static final String EXPANDED = "EXPANDED";
    /** The phase of a migration that completed. */
    static final String COMPLETED = "COMPLETED";

    /** The type of a row that stands for its migration. */
    static final String TYPE = "REQUIRED_COLUMN";
    /** The type of a row whose migration {@code undo()} reverted. */
    static final String UNDONE = "UNDONE";
    /** The type of a row whose migration left the code and was accepted as gone by {@code repair()}. */
    static final String REMOVED = "REMOVED";

    /** Longer than any bounded character column an earlier release created, shorter than any text type. */
    private static final int UNBOUNDED = 1 << 24;

    /** The columns an earlier release's table may lack, added by {@link #createIfMissing()}. */
    static final List<String> NEWER_COLUMNS = List.of("definition", "step_reached", "added_column",
            "prior_default", "phase", "completed_on", "known_version");

    private final Connection connection;
    private final EngineSupport support;
    private final SchemaInspector inspector;
    private final String schema;
    private final String name;
    // jOOQ renders the writes and the table's DDL; made at the first of them, so a run that only reads
    // the history (one with nothing to do) loads none of jOOQ.
    private HistoryWrites writes;

    public HistoryTable(Connection connection, EngineSupport support, String schema, String name) {
        EngineInfo engine = support.info();
        this.connection = connection;
        this.support = support;
        this.inspector = new SchemaInspector(connection, support);
        this.schema = schema == null ? null : Identifiers.fold(schema, engine);
        this.name = Identifiers.fold(name, engine);
    }

    private HistoryWrites writes() {
        if (writes == null) {
            writes = new HistoryWrites(connection, support, schema, name);
        }
        return writes;
    }

    /** The table's name as rendered, for messages. */
    public String displayName() {
        return quotedTable();
    }

    private String quotedTable() {
        Engine engine = support.info().engine();
        return schema == null ? engine.quote(name) : engine.quote(schema) + "." + engine.quote(name);
    }

    public boolean exists() throws SQLException {
        return inspector.tableExists(schema, name);
    }

    /** Creates the table unless it exists. */
    public void createIfMissing() throws SQLException {
        if (exists()) {
            addMissingColumns();
            return;
        }
        writes().create();
    }

    /**
     * A history table written by an earlier release lacks the columns added since: add them, nullable.
     * Its definition column was a varchar(4000), too short for a long backfill: widen it.
     */
    private void addMissingColumns() throws SQLException {
        java.util.Map<String, Integer> present = inspector.columnSizes(schema, name);
        List<String> missing = NEWER_COLUMNS.stream().map(this::column).filter(c -> !present.containsKey(c)).toList();
        Integer size = present.get(column("definition"));
        boolean widen = size != null && size > 0 && size < UNBOUNDED;
        if (!missing.isEmpty() || widen) {
            writes().upgrade(missing, widen);
        }
    }

    private String column(String column) {
        return Identifiers.fold(column, support.info());
    }

    /**
     * The rows, read with one statement and no catalog query: for a run that may have nothing to do.
     * The table is the one {@link #exists()} looks for (in the schema or database the engine's
     * catalog reads default to). Empty when the statement fails, the table missing among other
     * reasons: the run then goes the whole way, which creates the table or says what is wrong.
     */
    public Optional<List<Row>> rowsAsFound() throws SQLException {
        EngineSupport.MetadataScope scope = support.scope(connection, schema);
        Engine engine = support.info().engine();
        String in = scope.catalog() != null ? scope.catalog() : scope.schema();
        String from = in == null ? engine.quote(name) : engine.quote(in) + "." + engine.quote(name);
        try {
            return Optional.of(select(from, false));
        } catch (SQLException e) {
            return Optional.empty();
        }
    }

    /** Every row, in installed_rank order; empty when the table does not exist yet. */
    public List<Row> rows() throws SQLException {
        if (!exists()) {
            return new ArrayList<>();
        }
        return select(quotedTable(), true);
    }

    // Plain JDBC: a read is all a run with nothing to do sends, and it needs none of jOOQ for it.
    // Without times, installed_on and completed_on are left null: deciding whether there is
    // work needs neither, and a driver's first time parsed costs a cold JVM its calendar data.
    private List<Row> select(String from, boolean times) throws SQLException {
        List<Row> rows = new ArrayList<>();
        Engine engine = support.info().engine();
        String query = "select * from " + from + " order by " + engine.quote(column("installed_rank"));
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(query)) {
            // A history table from an earlier release, not yet upgraded by migrate(), lacks the newer columns.
            ResultSetMetaData meta = rs.getMetaData();
            Set<String> present = new HashSet<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                present.add(meta.getColumnLabel(i).toLowerCase(Locale.ROOT));
            }
            if (!times) {
                present.remove("installed_on");
                present.remove("completed_on");
            }
            Columns c = new Columns(rs, present);
            while (rs.next()) {
                String v = c.text("version");
                rows.add(new Row(c.integer("installed_rank"), MigrationVersion.parse(v == null ? "" : v),
                        c.text("description"), c.text("script"), c.integer("checksum"), c.text("installed_by"),
                        c.time("installed_on"), c.integer("execution_time"), Boolean.TRUE.equals(c.bool("success")),
                        c.bigint("rows_backfilled"), c.text("type"), c.text("definition"), c.text("step_reached"),
                        c.bool("added_column"), c.text("prior_default"), c.text("phase"), c.time("completed_on"),
                        known(c.text("known_version"))));
            }
        }
        return rows;
    }

    /** Reads the current row's columns by name; a column the table lacks reads as null. */
    private final class Columns {
        private final ResultSet rs;
        private final Set<String> present;

        Columns(ResultSet rs, Set<String> present) {
            this.rs = rs;
            this.present = present;
        }

        String text(String column) throws SQLException {
            return present.contains(column) ? rs.getString(column) : null;
        }

        int integer(String column) throws SQLException {
            return present.contains(column) ? rs.getInt(column) : 0;
        }

        long bigint(String column) throws SQLException {
            return present.contains(column) ? rs.getLong(column) : 0;
        }

        Boolean bool(String column) throws SQLException {
            if (!present.contains(column)) {
                return null;
            }
            boolean b = rs.getBoolean(column);
            return rs.wasNull() ? null : b;
        }

        Instant time(String column) throws SQLException {
            return present.contains(column) ? support.historyTime(rs, column) : null;
        }
    }

    private static MigrationVersion known(String version) {
        return version == null || version.isEmpty() ? null : MigrationVersion.parse(version);
    }

    /** The row that stands for a migration, if any (rows of undone or removed migrations are history only). */
    public Optional<Row> find(List<Row> rows, Migration migration) {
        return rows.stream().filter(r -> r.current() && r.script().equals(migration.script())).findFirst();
    }

    /**
     * Records that a migration started: a row with {@code success = false}, its definition, and what
     * the column was: missing (so the migration adds it, and {@code undo()} drops it), or existing
     * with the default it had, which the migration keeps.
     */
    public void markStarted(Migration migration, String user, PriorColumn prior) throws SQLException {
        writes().markStarted(migration, user, prior);
    }

    /** Records the step a running migration has reached: what a crash leaves behind. */
    public void markStep(Migration migration, String step) throws SQLException {
        writes().markStep(migration, step);
    }

    /** Accepts the code's definition for an applied migration ({@code repair()}). */
    public void acceptDefinition(Migration migration) throws SQLException {
        writes().acceptDefinition(migration);
    }

    /** Re-types the current row of {@code scriptName}: {@link #UNDONE} or {@link #REMOVED}. */
    public void retire(String scriptName, String newType, String stepNote) throws SQLException {
        writes().retire(scriptName, newType, stepNote);
    }

    /**
     * Records the outcome of a migration whose start was recorded: its expand ended ({@code reached}
     * {@link #EXPANDED}), it completed ({@link #COMPLETED}), or it failed (null: the phase stays).
     * {@code known}: the highest version the running code knows, recorded with an expand; null for
     * none. {@code completing}: the run was the complete of an expanded migration, whose time adds to
     * the expand's, whose installed_on stays the expand's, and which, failed, stays expanded.
     */
    public void markFinished(Migration migration, boolean succeeded, long millis, long rows, String reached,
                             MigrationVersion known, boolean completing) throws SQLException {
        writes().markFinished(migration, succeeded, millis, rows, reached, known, completing);
    }
}
