package io.requiredsince.runtime.internal.mysql;

import io.requiredsince.runtime.SqlType;
import io.requiredsince.runtime.internal.Backfills;
import io.requiredsince.runtime.internal.ColumnType;
import io.requiredsince.runtime.internal.DdlSession;
import io.requiredsince.runtime.internal.Engine;
import io.requiredsince.runtime.internal.AbstractEngineSupport;
import io.requiredsince.runtime.internal.EngineInfo;
import io.requiredsince.runtime.internal.EngineSupport;
import io.requiredsince.runtime.internal.FailureKind;
import io.requiredsince.runtime.internal.Fill;
import io.requiredsince.runtime.internal.GenericSteps;
import io.requiredsince.runtime.internal.JdbcValues;
import io.requiredsince.runtime.internal.LiveColumn;
import io.requiredsince.runtime.internal.MigrationLock;
import io.requiredsince.runtime.internal.Road;
import io.requiredsince.runtime.internal.SessionLock;
import io.requiredsince.runtime.internal.Step;
import io.requiredsince.runtime.internal.Step.Guard;
import io.requiredsince.runtime.internal.Target;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.jooq.impl.DSL;

/**
 * MySQL and MariaDB. DDL commits on its own there, so every step is a single statement that is safe
 * to repeat, guarded by the live column.
 *
 * <p>A constant backfill on a column that does not exist yet (MariaDB ≥ 10.3, MySQL ≥ 8.0.12):
 * {@code ADD COLUMN … NOT NULL DEFAULT k, ALGORITHM=INSTANT} — the rows are not rewritten — retried
 * without {@code ALGORITHM} when the server refuses (MyISAM, compressed rows, FULLTEXT, too many
 * instant changes); then {@code ALTER COLUMN … DROP DEFAULT} unless keepDefault.
 *
 * <p>Otherwise: add nullable → batched backfill → prove that no NULL is left → {@code MODIFY COLUMN}
 * with the column's complete live definition and {@code NOT NULL, ALGORITHM=INPLACE, LOCK=NONE}, in a
 * session whose {@code sql_mode} is strict, so that a NULL can never become {@code 0} or {@code ''}
 * ({@link MySqlActions}, {@link ColumnDefinition}). A schema is a catalog (a database) here; a run
 * works under its own {@link ServerSettings} (no statement time limit, its own lock waits); DDL waits
 * under {@code lock_wait_timeout}; the migration lock is {@code GET_LOCK}.
 */
public final class MySqlSupport extends AbstractEngineSupport {

    /** ER_LOCK_WAIT_TIMEOUT: a lock wait (metadata locks included) ran out. */
    private static final int LOCK_WAIT_TIMEOUT = 1205;
    /** ER_LOCK_DEADLOCK. */
    private static final int DEADLOCK = 1213;
    /** ER_ALTER_OPERATION_NOT_SUPPORTED(_REASON)(_…): the server refuses the ALGORITHM/LOCK asked for. */
    private static final int[] REFUSED = {1845, 1846, 1847, 1848, 1849, 1850};

    private final ColumnDefinition columns;

    /** Whether the server is a Galera node; null until asked. */
    private Boolean galera;

    public MySqlSupport(EngineInfo info) {
        super(info);
        this.columns = new ColumnDefinition(sql, info.engine() == Engine.MARIADB);
    }

    /** Whether {@code ADD COLUMN … ALGORITHM=INSTANT} exists on this server. */
    boolean instantAddColumn() {
        return info.engine() == Engine.MARIADB ? info.atLeast(10, 3)
                : info.atLeast(8, 1) || info.atLeast(8, 0) && patch(info.version()) >= 12;
    }

    private static int patch(String version) {
        String[] parts = version.split("[^0-9]+");
        try {
            return parts.length > 2 ? Integer.parseInt(parts[2]) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** A replica (or a server put out of service) set {@code read_only}: root writes to it all the same, so it is refused here. */
    @Override
    public Optional<String> readOnly(Connection connection) throws SQLException {
        try (java.sql.Statement st = connection.createStatement();
             java.sql.ResultSet rs = st.executeQuery("select @@global.read_only")) {
            return rs.next() && rs.getInt(1) != 0
                    ? Optional.of("is read-only (@@global.read_only = 1, as a replica is): a migration runs on the"
                            + " primary, and a user with SUPER would write to this server all the same. Point the URL"
                            + " at the primary")
                    : Optional.empty();
        }
    }

    @Override
    public Road road(Target target, LiveColumn before, boolean rolling) {
        String k = target.spec().backfill().sql();
        String type = ColumnDefinition.type(target.spec().type());
        List<Step> settle = new ArrayList<>(GenericSteps.unfill(this, target));
        // The application's own default stays: MODIFY carries it over.
        if (!target.prior().hadDefault()) {
            settle.add(target.spec().keepDefault() ? setDefault(target)
                    : Step.ddl("drop default", columns.alter(target) + " ALTER COLUMN " + columns.column(target)
                            + " DROP DEFAULT", Guard.DEFAULT_PRESENT, c -> c.withDefault(null)));
        }
        if (!before.exists() && target.spec().backfill().isConstant() && instantAddColumn()) {
            Step add = new Step(Step.CATALOG_DEFAULT, Guard.COLUMN_MISSING, c -> c.added(false, k),
                    new MySqlActions.InstantAdd(columns.alter(target) + " ADD COLUMN " + columns.column(target) + " "
                            + type + " NOT NULL DEFAULT " + k));
            return Road.of(rolling, List.of(add), List.of(), true, List.of(), List.of(), List.of(), settle);
        }
        Step add = Step.ddl("add column", columns.alter(target) + " ADD COLUMN " + columns.column(target) + " "
                + type + " NULL", Guard.COLUMN_MISSING, c -> c.added(true, null));
        List<Step> filling = GenericSteps.filling(this, target, setDefault(target));
        List<Step> tighten = List.of(
                new Step(MySqlActions.PROVE_STEP, Guard.COLUMN_NULLABLE, c -> c,
                        new MySqlActions.ProveNoNulls(sql, target, columns.proveSql(target))),
                new Step(MySqlActions.TIGHTEN_STEP, Guard.COLUMN_NULLABLE, LiveColumn::notNull,
                        new MySqlActions.Tighten(columns, target, rolling && GenericSteps.setsDefault(target)
                                ? target.spec().backfill().sql() : null)));
        return Road.of(rolling, List.of(add), filling, GenericSteps.tightensWhileFilled(this, target),
                List.of(Backfills.walk(this, target)), List.of(Backfills.sweep(this, target)), tighten, settle);
    }

    private Step setDefault(Target target) {
        String k = target.spec().backfill().sql();
        return Step.ddl("set default", columns.alter(target) + " ALTER COLUMN " + columns.column(target)
                + " SET DEFAULT " + k, Guard.DEFAULT_ABSENT, c -> c.withDefault(k));
    }

    /** A {@code BEFORE INSERT} trigger ({@link FillTrigger}) for a backfill written in SQL that is not a constant. */
    @Override
    public Optional<Fill> fill(Target target) {
        return target.spec().backfill().isJava() || target.spec().backfill().isConstant() ? Optional.empty()
                : Optional.of(new FillTrigger(this, target));
    }

    /** MySQL and MariaDB call a schema a catalog. */
    @Override
    public MetadataScope scope(Connection connection, String schema) throws SQLException {
        return new MetadataScope(schema != null ? schema : connection.getCatalog(), null);
    }

    /**
     * {@code GET_LOCK} on the working connection (the name carries the database, since the lock is
     * server-wide): released when the session ends, and not before a statement it still runs is done.
     * On a Galera node, where {@code GET_LOCK} holds on that node only, a lease certified through the
     * cluster ({@link GaleraLease}), on a connection of its own.
     */
    @Override
    public MigrationLock migrationLock(DataSource dataSource, Connection caller, String historySchema,
                                       String historyTable) throws SQLException {
        String qualified = MigrationLock.qualified(historySchema, historyTable);
        if (caller != null ? galera(caller) : galera(dataSource)) {
            String lease = sql.quoted(historySchema == null ? DSL.name(historyTable + "_lease")
                    : DSL.name(historySchema, historyTable + "_lease"));
            return MigrationLock.onNewConnection(dataSource, c -> GaleraLease.open(c, lease, lockName(c, qualified)));
        }
        if (caller != null) {
            return getLock(caller, qualified, false);
        }
        return MigrationLock.onNewConnection(dataSource, c -> getLock(c, qualified, true));
    }

    private boolean galera(DataSource dataSource) throws SQLException {
        if (galera != null) {
            return galera;
        }
        try (Connection c = dataSource.getConnection()) {
            return galera(c);
        }
    }

    /** Whether the server is a Galera node: asked once, it does not change while a run lasts. */
    private boolean galera(Connection connection) throws SQLException {
        if (galera == null) {
            galera = Galera.on(connection);
        }
        return galera;
    }

    /** {@code requiredsince:<database>.<[schema.]history table>}: what the migration lock is called. */
    private static String lockName(Connection connection, String qualified) throws SQLException {
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("SELECT DATABASE()")) {
            rs.next();
            return "requiredsince:" + rs.getString(1) + "." + qualified;
        }
    }

    /** On a Galera node, batches stay within the rows one write set may hold. */
    @Override
    public int maxBatchRows(Connection connection) throws SQLException {
        long rows = galera(connection) ? Galera.maxWriteSetRows(connection) : 0;
        return rows <= 0 || rows > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) rows;
    }

    private static SessionLock getLock(Connection connection, String qualified, boolean dedicated)
            throws SQLException {
        String full = lockName(connection, qualified);
        // GET_LOCK names are at most 64 characters.
        String name = full.length() <= 64 ? full : "requiredsince:" + Long.toHexString(SessionLock.crc(full))
                + ":" + full.substring(full.length() - 40);
        String description = "the lock GET_LOCK('" + name + "')";
        // GET_LOCK answers 1 when granted: read as a boolean, like PostgreSQL's answer.
        return dedicated
                ? SessionLock.dedicated(connection, description, "SELECT GET_LOCK(?, 0)", "SELECT RELEASE_LOCK(?)", name)
                : SessionLock.on(connection, description, "SELECT GET_LOCK(?, 0)", "SELECT RELEASE_LOCK(?)", name);
    }

    @Override
    public AutoCloseableSql runSession(Connection connection, java.time.Duration lockWait) throws SQLException {
        return ServerSettings.apply(connection, lockWait, galera(connection));
    }

    @Override
    public List<String> scriptSession(Connection connection, java.time.Duration lockWait) throws SQLException {
        return ServerSettings.script(connection, lockWait);
    }

    @Override
    public Optional<DdlSession> ddlSession() {
        return Optional.of(new LockWaitTimeout());
    }

    @Override
    public FailureKind classify(SQLException failure) {
        int code = failure.getErrorCode();
        if (code == LOCK_WAIT_TIMEOUT) {
            return FailureKind.LOCK_TIMEOUT;
        }
        if (code == DEADLOCK) {
            return FailureKind.DEADLOCK;
        }
        for (int refused : REFUSED) {
            if (code == refused) {
                return FailureKind.REFUSED_ALGORITHM;
            }
        }
        return FailureKind.OTHER;
    }

    /** An {@link java.time.Instant} goes as a {@link java.sql.Timestamp}; a UUID as its text ({@code char(36)}). */
    @Override
    public Object jdbcValue(Object value, SqlType type) {
        Object v = JdbcValues.common(value);
        if (v instanceof UUID u) {
            return JdbcValues.uuid(u, false, type);
        }
        if (v instanceof java.time.Instant instant) {
            return java.sql.Timestamp.from(instant);
        }
        return JdbcValues.withJavaTime(v, false, type);
    }

    /**
     * {@code boolean} is {@code tinyint(1)}, which drivers report as BIT, BOOLEAN or TINYINT depending on
     * {@code tinyInt1isBit}; {@code datetime} stands for both timestamps, having no time zone.
     */
    @Override
    public boolean sameType(SqlType spec, ColumnType live) {
        return switch (spec.kind()) {
            case BOOLEAN -> live.matches(spec) || live.is(java.sql.Types.TINYINT) && live.size() <= 3;
            case TIMESTAMP, TIMESTAMP_WITH_TIME_ZONE -> live.is(java.sql.Types.TIMESTAMP);
            default -> live.matches(spec);
        };
    }

    /** MySQL Connector/J reports a text default as the value itself ({@code anonymous}), the MariaDB driver as SQL. */
    @Override
    public boolean sameDefault(String catalogDefault, String backfill) {
        return super.sameDefault(catalogDefault, backfill)
                || super.sameDefault(sql.literal(catalogDefault), backfill);
    }

    /** {@code MODIFY} with the column's live definition and {@code NULL}: nothing else of it changes. */
    @Override
    public String relaxNotNull(Connection connection, Target target) throws SQLException {
        return columns.liveModify(target, connection, ColumnDefinition.NULL);
    }
}
