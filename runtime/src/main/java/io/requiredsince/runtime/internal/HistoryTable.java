package io.requiredsince.runtime.internal;

import io.requiredsince.runtime.Migration;
import io.requiredsince.runtime.MigrationVersion;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Name;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.conf.Settings;
import org.jooq.conf.StatementType;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

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

    private final Connection connection;
    private final EngineSupport support;
    private final DSLContext dsl;
    private final SchemaInspector inspector;
    private final String schema;
    private final String name;

    private final Field<Integer> installedRank;
    private final Field<String> version;
    private final Field<String> description;
    private final Field<String> type;
    private final Field<String> script;
    private final Field<Integer> checksum;
    private final Field<String> installedBy;
    private final Field<Timestamp> installedOn;
    private final Field<Integer> executionTime;
    private final Field<Boolean> success;
    private final Field<Long> rowsBackfilled;
    private final Field<String> definition;
    private final Field<String> stepReached;
    private final Field<Boolean> addedColumn;
    private final Field<String> priorDefault;
    private final Field<String> phase;
    private final Field<Timestamp> completedOn;
    private final Field<String> knownVersion;

    public HistoryTable(Connection connection, EngineSupport support, String schema, String name) {
        EngineInfo engine = support.info();
        Sql sql = support.sql();
        this.connection = connection;
        this.support = support;
        // Bound values, not inlined ones: a definition can be longer than a string constant may be (Derby's 32,672).
        this.dsl = DSL.using(connection, sql.dsl().dialect(), ((Settings) sql.dsl().settings().clone())
                .withStatementType(StatementType.PREPARED_STATEMENT));
        this.inspector = new SchemaInspector(connection, support);
        this.schema = schema == null ? null : Identifiers.fold(schema, engine);
        this.name = Identifiers.fold(name, engine);
        installedRank = field("installed_rank", SQLDataType.INTEGER, engine);
        version = field("version", SQLDataType.VARCHAR(50), engine);
        description = field("description", SQLDataType.VARCHAR(200), engine);
        type = field("type", SQLDataType.VARCHAR(20), engine);
        script = field("script", SQLDataType.VARCHAR(1000), engine);
        checksum = field("checksum", SQLDataType.INTEGER, engine);
        installedBy = field("installed_by", SQLDataType.VARCHAR(100), engine);
        installedOn = field("installed_on", SQLDataType.TIMESTAMP, engine);
        executionTime = field("execution_time", SQLDataType.INTEGER, engine);
        success = field("success", SQLDataType.BOOLEAN, engine);
        rowsBackfilled = field("rows_backfilled", SQLDataType.BIGINT, engine);
        // The definition holds the backfill as written, which has no length limit.
        definition = field("definition", SQLDataType.CLOB, engine);
        stepReached = field("step_reached", SQLDataType.VARCHAR(100), engine);
        addedColumn = field("added_column", SQLDataType.BOOLEAN, engine);
        priorDefault = field("prior_default", SQLDataType.VARCHAR(4000), engine);
        phase = field("phase", SQLDataType.VARCHAR(20), engine);
        completedOn = field("completed_on", SQLDataType.TIMESTAMP, engine);
        knownVersion = field("known_version", SQLDataType.VARCHAR(50), engine);
    }

    private static <T> Field<T> field(String column, org.jooq.DataType<T> type, EngineInfo engine) {
        return DSL.field(DSL.name(Identifiers.fold(column, engine)), type);
    }

    private Table<Record> table() {
        Name n = schema == null ? DSL.name(name) : DSL.name(schema, name);
        return DSL.table(n);
    }

    /** The table's name as rendered, for messages. */
    public String displayName() {
        return dsl.render(table());
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
        dsl.createTable(table())
                .column(installedRank.getName(), SQLDataType.INTEGER.notNull())
                .column(version.getName(), SQLDataType.VARCHAR(50))
                .column(description.getName(), SQLDataType.VARCHAR(200).notNull())
                .column(type.getName(), SQLDataType.VARCHAR(20).notNull())
                .column(script.getName(), SQLDataType.VARCHAR(1000).notNull())
                .column(checksum.getName(), SQLDataType.INTEGER)
                .column(installedBy.getName(), SQLDataType.VARCHAR(100).notNull())
                .column(installedOn.getName(), SQLDataType.TIMESTAMP.notNull())
                .column(executionTime.getName(), SQLDataType.INTEGER.notNull())
                .column(success.getName(), SQLDataType.BOOLEAN.notNull())
                .column(rowsBackfilled.getName(), SQLDataType.BIGINT.notNull())
                .column(definition.getName(), SQLDataType.CLOB)
                .column(stepReached.getName(), SQLDataType.VARCHAR(100))
                .column(addedColumn.getName(), SQLDataType.BOOLEAN)
                .column(priorDefault.getName(), SQLDataType.VARCHAR(4000))
                .column(phase.getName(), SQLDataType.VARCHAR(20))
                .column(completedOn.getName(), SQLDataType.TIMESTAMP)
                .column(knownVersion.getName(), SQLDataType.VARCHAR(50))
                .primaryKey(installedRank.getName())
                .execute();
    }

    /**
     * A history table written by an earlier release lacks the columns added since: add them, nullable.
     * Its definition column was a varchar(4000), too short for a long backfill: widen it.
     */
    private void addMissingColumns() throws SQLException {
        java.util.Map<String, Integer> present = inspector.columnSizes(schema, name);
        for (Field<?> f : List.of(definition, stepReached, addedColumn, priorDefault, phase, completedOn,
                knownVersion)) {
            if (!present.containsKey(f.getName())) {
                dsl.alterTable(table()).addColumn(f.getName(), f.getDataType().nullable(true)).execute();
            }
        }
        Integer size = present.get(definition.getName());
        if (size != null && size > 0 && size < UNBOUNDED) {
            support.widenToText(connection, dsl, table(), definition);
        }
    }

    /** Every row, in installed_rank order; empty when the table does not exist yet. */
    public List<Row> rows() throws SQLException {
        List<Row> rows = new ArrayList<>();
        if (!exists()) {
            return rows;
        }
        // A history table from an earlier release, not yet upgraded by migrate(), lacks the newer columns.
        java.util.Set<String> present = inspector.columnNames(schema, name);
        for (Record r : dsl
                .select(installedRank, version, description, script, checksum, installedBy, installedOn,
                        executionTime, success, rowsBackfilled, type, optional(definition, present),
                        optional(stepReached, present), optional(addedColumn, present),
                        optional(priorDefault, present), optional(phase, present), optional(completedOn, present),
                        optional(knownVersion, present))
                .from(table()).orderBy(installedRank).fetch()) {
            String v = r.get(version);
            Timestamp on = r.get(installedOn);
            Timestamp completed = r.get(completedOn.getName(), Timestamp.class);
            rows.add(new Row(r.get(installedRank), MigrationVersion.parse(v == null ? "" : v),
                    r.get(description), r.get(script), r.get(checksum) == null ? 0 : r.get(checksum),
                    r.get(installedBy), on == null ? null : on.toInstant(), r.get(executionTime),
                    Boolean.TRUE.equals(r.get(success)), r.get(rowsBackfilled), r.get(type),
                    r.get(definition.getName(), String.class), r.get(stepReached.getName(), String.class),
                    r.get(addedColumn.getName(), Boolean.class), r.get(priorDefault.getName(), String.class),
                    r.get(phase.getName(), String.class), completed == null ? null : completed.toInstant(),
                    known(r.get(knownVersion.getName(), String.class))));
        }
        return rows;
    }

    private static MigrationVersion known(String version) {
        return version == null || version.isEmpty() ? null : MigrationVersion.parse(version);
    }

    private static <T> Field<T> optional(Field<T> field, java.util.Set<String> present) {
        return present.contains(field.getName()) ? field : DSL.inline(null, field.getDataType()).as(field.getName());
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
        // The lock keeps migrators apart; should two ever race, the one that lost the rank takes the next.
        for (int attempt = 1; ; attempt++) {
            try {
                insertStarted(migration, user, prior);
                return;
            } catch (org.jooq.exception.DataAccessException e) {
                String state = e.sqlState();
                if (attempt == 3 || state == null || !state.startsWith("23")) {
                    throw e;
                }
            }
        }
    }

    private void insertStarted(Migration migration, String user, PriorColumn prior) {
        DSLContext ctx = dsl;
        Integer max = ctx.select(DSL.max(installedRank)).from(table()).fetchOne(0, Integer.class);
        ctx.insertInto(table())
                .set(installedRank, max == null ? 1 : max + 1)
                .set(version, migration.version().isNone() ? null : migration.version().toString())
                .set(description, truncate(migration.description(), 200))
                .set(type, TYPE)
                .set(script, migration.script())
                .set(checksum, migration.checksum())
                .set(installedBy, truncate(user == null ? "" : user, 100))
                .set(installedOn, Timestamp.from(Instant.now()))
                .set(executionTime, 0)
                .set(success, false)
                .set(rowsBackfilled, 0L)
                .set(definition, Definition.of(migration.column()).encode())
                .set(addedColumn, !prior.existed())
                .set(priorDefault, prior.defaultValue() == null ? null : truncate(prior.defaultValue(), 4000))
                .execute();
    }

    /** Records the step a running migration has reached: what a crash leaves behind. */
    public void markStep(Migration migration, String step) throws SQLException {
        dsl.update(table()).set(stepReached, truncate(step, 100))
                .where(script.eq(migration.script()).and(type.eq(TYPE))).execute();
    }

    /** Accepts the code's definition for an applied migration ({@code repair()}). */
    public void acceptDefinition(Migration migration) throws SQLException {
        dsl.update(table()).set(checksum, migration.checksum())
                .set(version, migration.version().isNone() ? null : migration.version().toString())
                .set(definition, Definition.of(migration.column()).encode())
                .where(script.eq(migration.script()).and(type.eq(TYPE))).execute();
    }

    /** Re-types the current row of {@code scriptName}: {@link #UNDONE} or {@link #REMOVED}. */
    public void retire(String scriptName, String newType, String stepNote) throws SQLException {
        dsl.update(table()).set(type, newType).set(stepReached, truncate(stepNote, 100))
                .set(installedOn, Timestamp.from(Instant.now()))
                .where(script.eq(scriptName).and(type.eq(TYPE))).execute();
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
        Timestamp now = Timestamp.from(Instant.now());
        int ms = (int) Math.min(Integer.MAX_VALUE / 2, millis);
        var update = dsl
                .update(table())
                .set(executionTime, completing ? DSL.coalesce(executionTime, 0).plus(ms) : DSL.inline(ms))
                // A resumed migration adds this run's rows to those of the runs before.
                .set(rowsBackfilled, DSL.coalesce(rowsBackfilled, 0L).plus(rows))
                .set(checksum, migration.checksum())
                .set(definition, Definition.of(migration.column()).encode());
        if (succeeded || !completing) {
            update = update.set(success, succeeded);
        }
        if (succeeded) {
            update = update.set(phase, reached)
                    .set(stepReached, DSL.inline(COMPLETED.equals(reached) ? "done" : "expanded"));
            if (COMPLETED.equals(reached)) {
                update = update.set(completedOn, now);
            } else if (known != null) {
                update = update.set(knownVersion, known.toString());
            }
        }
        if (!completing) {
            update = update.set(installedOn, now);
        }
        update.where(script.eq(migration.script()).and(type.eq(TYPE))).execute();
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
