package io.requiredsince.runtime.internal;

import io.requiredsince.runtime.Migration;
import io.requiredsince.runtime.MigrationVersion;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
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
 * What changes the {@link HistoryTable}: its creation and upgrade, and the rows a run writes,
 * rendered by jOOQ. Kept apart from the reads so that a run that writes nothing loads none of jOOQ.
 */
final class HistoryWrites {

    private final Connection connection;
    private final EngineSupport support;
    private final DSLContext dsl;
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

    /** {@code schema} and {@code name} as the catalog stores them. */
    HistoryWrites(Connection connection, EngineSupport support, String schema, String name) {
        EngineInfo engine = support.info();
        Sql sql = support.sql();
        this.connection = connection;
        this.support = support;
        // Bound values, not inlined ones: a definition can be longer than a string constant may be (Derby's 32,672).
        this.dsl = DSL.using(connection, sql.dsl().dialect(), ((Settings) sql.dsl().settings().clone())
                .withStatementType(StatementType.PREPARED_STATEMENT));
        this.schema = schema;
        this.name = name;
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

    /** Creates the table. */
    void create() {
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
     * Adds, nullable, the columns of {@link HistoryTable#NEWER_COLUMNS} an earlier release's table
     * lacks ({@code missing}, as the catalog names them), and with {@code widen} makes its bounded
     * definition column text.
     */
    void upgrade(List<String> missing, boolean widen) throws SQLException {
        for (Field<?> f : List.of(definition, stepReached, addedColumn, priorDefault, phase, completedOn,
                knownVersion)) {
            if (missing.contains(f.getName())) {
                dsl.alterTable(table()).addColumn(f.getName(), f.getDataType().nullable(true)).execute();
            }
        }
        if (widen) {
            support.widenToText(connection, dsl, table(), definition);
        }
    }

    void markStarted(Migration migration, String user, PriorColumn prior) throws SQLException {
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
                .set(type, HistoryTable.TYPE)
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

    void markStep(Migration migration, String step) throws SQLException {
        dsl.update(table()).set(stepReached, truncate(step, 100))
                .where(script.eq(migration.script()).and(type.eq(HistoryTable.TYPE))).execute();
    }

    void acceptDefinition(Migration migration) throws SQLException {
        dsl.update(table()).set(checksum, migration.checksum())
                .set(version, migration.version().isNone() ? null : migration.version().toString())
                .set(definition, Definition.of(migration.column()).encode())
                .where(script.eq(migration.script()).and(type.eq(HistoryTable.TYPE))).execute();
    }

    void retire(String scriptName, String newType, String stepNote) throws SQLException {
        dsl.update(table()).set(type, newType).set(stepReached, truncate(stepNote, 100))
                .set(installedOn, Timestamp.from(Instant.now()))
                .where(script.eq(scriptName).and(type.eq(HistoryTable.TYPE))).execute();
    }

    void markFinished(Migration migration, boolean succeeded, long millis, long rows, String reached,
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
                    .set(stepReached, DSL.inline(HistoryTable.COMPLETED.equals(reached) ? "done" : "expanded"));
            if (HistoryTable.COMPLETED.equals(reached)) {
                update = update.set(completedOn, now);
            } else if (known != null) {
                update = update.set(knownVersion, known.toString());
            }
        }
        if (!completing) {
            update = update.set(installedOn, now);
        }
        update.where(script.eq(migration.script()).and(type.eq(HistoryTable.TYPE))).execute();
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
