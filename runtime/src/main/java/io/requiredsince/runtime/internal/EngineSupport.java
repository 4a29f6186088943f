package io.requiredsince.runtime.internal;

import io.requiredsince.runtime.ColumnSpec;
import io.requiredsince.runtime.SqlType;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Table;
import org.jooq.conf.ParamType;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * Everything requiredsince knows about one database engine. The pipeline ({@link MigrationRunner})
 * never names an engine: it asks this interface for the steps, the catalog's rules, the lock, the
 * DDL session settings, how to walk a table without a primary key, what an error means, how a Java
 * value is bound and how undo relaxes NOT NULL. The defaults are the generic road every engine can
 * take; an engine's package overrides what it does differently. Instances come from
 * {@link Engines#detect}.
 */
public interface EngineSupport {

    /** The engine and version. */
    EngineInfo info();

    /** Renders this engine's SQL. */
    Sql sql();

    /**
     * The steps from {@code before} to the end state, each carrying the action that runs it, split
     * into expand and complete when {@code rolling} ({@link Road}); all in expand otherwise.
     */
    Road road(Target target, LiveColumn before, boolean rolling);

    /**
     * What fills the column for a row inserted without it while the migration is expanded, for a
     * backfill written in SQL; empty where the engine has none (then the column stays nullable until
     * complete, which fills those rows). A constant's default needs no fill on most engines.
     */
    default Optional<Fill> fill(Target target) {
        return Optional.empty();
    }

    /**
     * Why this engine cannot expand {@code target} for a rolling deploy (its fill cannot be made
     * there), said before anything is changed; empty when it can.
     */
    default Optional<String> cannotExpand(Connection connection, Target target) throws SQLException {
        return Optional.empty();
    }

    /** Whether DDL statements can run in one transaction that commits or rolls back as one (PostgreSQL, SQLite). */
    /**
     * Why this server cannot take a migration, or empty: a PostgreSQL standby in recovery, a MySQL or
     * MariaDB server set {@code read_only}. Read before a run that changes anything takes its lock.
     */
    default Optional<String> readOnly(Connection connection) throws SQLException {
        return Optional.empty();
    }

    /**
     * How batches wait for the replicas this engine can see from the primary, with {@code maxLag}
     * (zero: no limit); {@link ReplicaWait#NONE} where it sees none.
     */
    default ReplicaWait replicaWait(java.time.Duration maxLag) {
        return ReplicaWait.NONE;
    }

    /** The most rows one batch may write on this server ({@link Integer#MAX_VALUE}: no limit of the server's). */
    default int maxBatchRows(Connection connection) throws SQLException {
        return Integer.MAX_VALUE;
    }

    default boolean transactionalDdl() {
        return false;
    }

    // ---- the catalog ----

    /**
     * Where JDBC metadata looks for the tables of {@code schema} (null: the connection's own): by
     * default the schema is the schema and there is no catalog.
     */
    default MetadataScope scope(Connection connection, String schema) throws SQLException {
        return new MetadataScope(null, schema != null ? schema : connection.getSchema());
    }

    /** The JDBC table types of the tables a migration may target ({@code getTables(…, types)}). */
    default String[] tableTypes() {
        return new String[] {"TABLE", "BASE TABLE"};
    }

    /** The schema {@code spec} names, as stored; null for the connection's own. */
    default String schemaOf(ColumnSpec spec) {
        return spec.schema().isEmpty() ? null : Identifiers.fold(spec.schema(), info());
    }

    /** The state of the temporary NOT NULL check constraint, for engines whose steps use one. */
    default LiveColumn.Check notNullCheck(Connection connection, Target target) throws SQLException {
        return LiveColumn.Check.NONE;
    }

    /**
     * Whether an existing column of type {@code live} has the spec's type, as this engine's catalog
     * reports its own types; by default {@link ColumnType#matches}, the engine-neutral comparison.
     */
    default boolean sameType(SqlType spec, ColumnType live) {
        return live.matches(spec);
    }

    /** Whether the catalog's text of a column default ({@code COLUMN_DEF}) is the literal {@code backfill}. */
    default boolean sameDefault(String catalogDefault, String backfill) {
        return ExistingColumns.sameText(catalogDefault, backfill);
    }

    // ---- the migration lock ----

    /**
     * The cross-process migration lock for the history table, not yet taken. {@code caller} is a
     * connection the caller holds on the same database (left open, never changed).
     */
    MigrationLock migrationLock(DataSource dataSource, Connection caller, String historySchema, String historyTable)
            throws SQLException;

    // ---- the session a run works in ----

    /**
     * Sets, on the run's working connection, the limits every statement of the run goes under,
     * whatever the server's, the database's, the role's or the pool's defaults: no statement timeout
     * (batches are short by design, the counts and key reads of a big table are not), lock waits
     * bounded by {@code lockWait} (each wait is retried by its caller), no idle-session limit between
     * batches. Closing puts the connection's own values back. By default there is nothing to set.
     */
    default AutoCloseableSql runSession(Connection connection, java.time.Duration lockWait) throws SQLException {
        return () -> { };
    }

    /**
     * A scratch database holding the live schema and no rows, closed by the caller, on which a
     * script's DDL is rendered and then run step by step, for an engine whose DDL is rendered from
     * a table's whole definition (SQLite's rebuild); empty where each statement is rendered from the
     * live database alone.
     */
    default Optional<Connection> rehearsal(Connection live) throws SQLException {
        return Optional.empty();
    }

    /** The statements a script of this engine's steps starts with: the limits of {@link #runSession}, as SQL. */
    default List<String> scriptSession(Connection connection, java.time.Duration lockWait) throws SQLException {
        return List.of();
    }

    // ---- DDL under a bounded lock wait ----

    /** How a DDL statement's lock wait is bounded on this engine; empty when its DDL waits by its own rules. */
    default Optional<DdlSession> ddlSession() {
        return Optional.empty();
    }

    // ---- tables without a primary key ----

    /** What a batched backfill walks a table without a primary key by; by default there is nothing to walk. */
    default TableKey keyless(Connection connection, Target target) throws SQLException {
        throw Message.NO_PRIMARY_KEY.failure(target.describeTable(), info().engine().displayName(), target.table());
    }

    // ---- errors ----

    /** What {@code failure} (this exception alone, not its causes) means; see {@link FailureKind#of}. */
    default FailureKind classify(SQLException failure) {
        return FailureKind.OTHER;
    }

    // ---- values ----

    /** A value a {@link io.requiredsince.runtime.RowBackfill} computed, as this engine's driver takes it. */
    default Object jdbcValue(Object value, SqlType type) {
        return JdbcValues.withJavaTime(value, false, type);
    }

    /**
     * How a {@link io.requiredsince.runtime.RowBackfill} reads a column of the row, given the field
     * jOOQ made of the column's metadata: by default as jOOQ reads it.
     */
    default Field<?> rowField(Field<?> reported) {
        return reported;
    }

    /** Opens what a backfill needs around its batches on this connection (SQLite's busy timeout). */
    default AutoCloseableSql backfillSession(Connection connection, BackfillSettings settings) throws SQLException {
        return () -> { };
    }

    // ---- the history table ----

    /** A time the history table holds ({@code installed_on}, {@code completed_on}), as jOOQ wrote it. */
    default java.time.Instant historyTime(java.sql.ResultSet rs, String column) throws SQLException {
        java.sql.Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    /**
     * Makes a bounded character column of the history table (an earlier release's
     * {@code varchar(4000)}) hold text of any length, keeping its values: in place by default.
     */
    default void widenToText(Connection connection, DSLContext dsl, Table<?> table, Field<String> column)
            throws SQLException {
        dsl.alterTable(table).alterColumn(column).set(SQLDataType.CLOB).execute();
    }

    // ---- undo ----

    /** The statement that makes the target column nullable again. */
    default String relaxNotNull(Connection connection, Target target) throws SQLException {
        return sql().dsl().alterTable(sql().table(target)).alterColumn(DSL.name(target.column())).dropNotNull()
                .getSQL(ParamType.INLINED);
    }

    /**
     * Where JDBC metadata looks for a schema's tables: {@code getTables(catalog, schema, …)}.
     *
     * @param catalog the catalog argument, or null
     * @param schema the schema argument (not a pattern yet), or null
     */
    record MetadataScope(String catalog, String schema) {
    }

    /** A resource closed with a {@link SQLException}. */
    interface AutoCloseableSql extends AutoCloseable {
        @Override
        void close() throws SQLException;
    }
}
