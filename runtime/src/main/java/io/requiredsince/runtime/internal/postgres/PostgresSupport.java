package io.requiredsince.runtime.internal.postgres;

import io.requiredsince.runtime.Backfill;
import io.requiredsince.runtime.SqlType;
import io.requiredsince.runtime.internal.BackfillSettings;
import io.requiredsince.runtime.internal.Backfills;
import io.requiredsince.runtime.internal.ColumnType;
import io.requiredsince.runtime.internal.DdlSession;
import io.requiredsince.runtime.internal.AbstractEngineSupport;
import io.requiredsince.runtime.internal.EngineInfo;
import io.requiredsince.runtime.internal.EngineSupport;
import io.requiredsince.runtime.internal.FailureKind;
import io.requiredsince.runtime.internal.Fill;
import io.requiredsince.runtime.internal.GenericSteps;
import io.requiredsince.runtime.internal.JdbcValues;
import io.requiredsince.runtime.internal.LiveColumn;
import io.requiredsince.runtime.internal.Message;
import io.requiredsince.runtime.internal.MigrationLock;
import io.requiredsince.runtime.internal.ReplicaWait;
import io.requiredsince.runtime.internal.Road;
import io.requiredsince.runtime.internal.SessionLock;
import io.requiredsince.runtime.internal.Step;
import io.requiredsince.runtime.internal.Step.Guard;
import io.requiredsince.runtime.internal.TableKey;
import io.requiredsince.runtime.internal.Target;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * PostgreSQL. From version 11 on, {@code ADD COLUMN … NOT NULL DEFAULT k} with a constant {@code k}
 * only writes the catalog: existing rows read the default without being rewritten, so the step is
 * O(1) in rows. The default is then dropped unless keepDefault.
 *
 * <p>Expressions, PostgreSQL 10 and a column that already exists: add nullable, backfill in batches
 * (a table without a primary key in {@link CtidRanges}), then tighten without holding the table's
 * ACCESS EXCLUSIVE lock for a full scan: the {@link FinalPass} over the rows written meanwhile adds
 * {@code CHECK (col IS NOT NULL) NOT VALID} (catalog only) in one short transaction under
 * {@code lock_timeout}; {@code VALIDATE CONSTRAINT} scans under a lock that lets reads and writes go
 * on; {@code SET NOT NULL} (from 12 on it trusts the valid check and skips its own scan); the check
 * is dropped. A run works under its own {@link ServerSettings} (no statement timeout, its own lock
 * timeout), whatever the database sets; DDL waits for its lock under {@link LockTimeout}; the
 * migration lock is a session-level advisory lock; {@code 55P03} is a lock timeout and {@code 40P01}
 * a deadlock.
 */
public final class PostgresSupport extends AbstractEngineSupport {


    public PostgresSupport(EngineInfo info) {
        super(info);
    }

    @Override
    public Road road(Target target, LiveColumn before, boolean rolling) {
        boolean fastDefault = info.atLeast(11, 0) && target.spec().backfill().isConstant();
        if (!before.exists() && fastDefault) {
            // Existing rows read the default from the catalog, and inserts that omit the column get it: NOT NULL at once.
            return Road.of(rolling, List.of(GenericSteps.addWithDefault(sql, target)), List.of(), true, List.of(),
                    List.of(), List.of(), GenericSteps.settle(this, target));
        }
        NotNullCheck check = new NotNullCheck(sql, target);
        List<Step> tighten = List.of(
                FinalPass.step(this, target, check),
                Step.ddl("validate check", check.validate(), Guard.CHECK_NOT_VALID,
                        c -> c.withCheck(LiveColumn.Check.VALID)),
                GenericSteps.setNotNull(sql, target),
                Step.ddl("drop check", check.drop(), Guard.CHECK_PRESENT, c -> c.withCheck(LiveColumn.Check.NONE)));
        return Road.of(rolling, List.of(GenericSteps.addNullable(sql, target)), GenericSteps.filling(this, target),
                GenericSteps.tightensWhileFilled(this, target), List.of(Backfills.walk(this, target)), List.of(),
                tighten, GenericSteps.settle(this, target));
    }

    /** A {@code BEFORE INSERT} trigger ({@link FillTrigger}) for a backfill written in SQL that is not a constant. */
    @Override
    public Optional<Fill> fill(Target target) {
        Backfill backfill = target.spec().backfill();
        return backfill.isJava() || backfill.isConstant() ? Optional.empty()
                : Optional.of(new FillTrigger(info, sql, target));
    }

    @Override
    public Optional<String> readOnly(Connection connection) throws SQLException {
        try (java.sql.Statement st = connection.createStatement();
             java.sql.ResultSet rs = st.executeQuery("select pg_is_in_recovery()")) {
            return rs.next() && rs.getBoolean(1)
                    ? Optional.of("is a standby in recovery (a read-only replica of a primary): a migration runs on the"
                            + " primary. Point the URL at the primary; with several hosts in the URL, add"
                            + " targetServerType=primary so that the driver picks it")
                    : Optional.empty();
        }
    }

    /** The streaming replicas of {@code pg_stat_replication}, timed from the primary ({@link ReplicaLag}). */
    @Override
    public ReplicaWait replicaWait(java.time.Duration maxLag) {
        return maxLag.isZero() ? ReplicaWait.NONE : new ReplicaLag(maxLag);
    }

    @Override
    public boolean transactionalDdl() {
        return true;
    }

    /** Before 13 a partitioned table has no row triggers: an expression's fill cannot be made on it. */
    @Override
    public Optional<String> cannotExpand(Connection connection, Target target) throws SQLException {
        if (info.atLeast(13, 0) || fill(target).isEmpty() || !Partitions.isPartitioned(connection, target)) {
            return Optional.empty();
        }
        return Optional.of(Message.PARTITIONED_FILL_NEEDS_13.format(target.describeTable(), info.describe()));
    }

    @Override
    public LiveColumn.Check notNullCheck(Connection connection, Target target) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT convalidated FROM pg_constraint WHERE conrelid = to_regclass(?) AND conname = ?")) {
            ps.setString(1, regclass(target));
            ps.setString(2, NotNullCheck.name(target));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return LiveColumn.Check.NONE;
                }
                return rs.getBoolean(1) ? LiveColumn.Check.VALID : LiveColumn.Check.NOT_VALID;
            }
        }
    }

    /** The table as {@code to_regclass} reads it: quoted, qualified when the schema is known. */
    static String regclass(Target target) {
        return (target.schema() == null ? "" : quote(target.schema()) + ".") + quote(target.table());
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    /**
     * A session-level advisory lock, on the working connection: the server releases it when the
     * session ends, however it ends, and not before a statement that session still runs is done.
     */
    @Override
    public MigrationLock migrationLock(DataSource dataSource, Connection caller, String historySchema,
                                       String historyTable) throws SQLException {
        String qualified = MigrationLock.qualified(historySchema, historyTable);
        // A fixed prefix in the high bits keeps the key apart from other applications' advisory locks.
        long key = (0x52534D49L << 32) | SessionLock.crc(qualified);
        String description = "the PostgreSQL advisory lock " + key + " (migration lock of " + qualified + ")";
        String tryLock = "SELECT pg_try_advisory_lock(?)";
        String unlock = "SELECT pg_advisory_unlock(?)";
        return caller != null ? SessionLock.on(caller, description, tryLock, unlock, key)
                : MigrationLock.onNewConnection(dataSource,
                        c -> SessionLock.dedicated(c, description, tryLock, unlock, key));
    }

    @Override
    public AutoCloseableSql backfillSession(Connection connection, BackfillSettings settings) throws SQLException {
        return ServerSettings.batches(connection);
    }

    @Override
    public AutoCloseableSql runSession(Connection connection, java.time.Duration lockWait) throws SQLException {
        return ServerSettings.apply(connection, lockWait);
    }

    @Override
    public List<String> scriptSession(Connection connection, java.time.Duration lockWait) throws SQLException {
        return ServerSettings.script(connection, lockWait);
    }

    @Override
    public Optional<DdlSession> ddlSession() {
        return Optional.of(new LockTimeout());
    }

    /**
     * A ctid walk. A row backfill writes a row back by its ctid, which on a partitioned table is not
     * unique (each partition counts its own): there it needs a primary key.
     */
    @Override
    public TableKey keyless(Connection connection, Target target) throws SQLException {
        boolean partitioned = Partitions.isPartitioned(connection, target);
        if (partitioned && target.spec().backfill().isJava()) {
            throw Message.PARTITIONED_ROW_BACKFILL_NEEDS_KEY.failure(target.describeTable(), target.table());
        }
        return TableKey.ranges(new CtidRanges(info, partitioned));
    }

    /** A partitioned table is a table to migrate too; its partitions are plain tables. */
    @Override
    public String[] tableTypes() {
        return new String[] {"TABLE", "PARTITIONED TABLE"};
    }

    @Override
    public FailureKind classify(SQLException failure) {
        String state = failure.getSQLState();
        if ("55P03".equals(state)) {
            return FailureKind.LOCK_TIMEOUT;
        }
        // Possible when ADD CONSTRAINT upgrades the table lock to ACCESS EXCLUSIVE while another session waits on it.
        if ("40P01".equals(state)) {
            return FailureKind.DEADLOCK;
        }
        return FailureKind.OTHER;
    }

    /** pgjdbc reports {@code timestamptz} as a plain {@link java.sql.Types#TIMESTAMP}, told apart by its name. */
    @Override
    public boolean sameType(SqlType spec, ColumnType live) {
        if (spec.kind() == SqlType.Kind.TIMESTAMP) {
            return live.name().equals("timestamp");
        }
        if (spec.kind() == SqlType.Kind.TIMESTAMP_WITH_TIME_ZONE) {
            return live.name().equals("timestamptz");
        }
        return live.matches(spec);
    }

    /** The catalog shows a default with its casts: {@code 'anonymous'::character varying}. */
    @Override
    public boolean sameDefault(String catalogDefault, String backfill) {
        return super.sameDefault(CAST.matcher(catalogDefault).replaceAll(""), CAST.matcher(backfill).replaceAll(""));
    }

    private static final java.util.regex.Pattern CAST = java.util.regex.Pattern.compile("(::[a-z_ ]+(\\[\\])?)+$");

    /** pgjdbc takes no {@link java.time.Instant} or {@link java.time.ZonedDateTime}; {@code uuid} is native. */
    @Override
    public Object jdbcValue(Object value, SqlType type) {
        return JdbcValues.withJavaTime(value, true, type);
    }
}
