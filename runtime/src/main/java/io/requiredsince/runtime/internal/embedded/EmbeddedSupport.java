package io.requiredsince.runtime.internal.embedded;

import io.requiredsince.runtime.SqlType;
import io.requiredsince.runtime.internal.AbstractEngineSupport;
import io.requiredsince.runtime.internal.ColumnType;
import io.requiredsince.runtime.internal.Engine;
import io.requiredsince.runtime.internal.EngineInfo;
import io.requiredsince.runtime.internal.EngineSupport;
import io.requiredsince.runtime.internal.FailureKind;
import io.requiredsince.runtime.internal.Fill;
import io.requiredsince.runtime.internal.GenericSteps;
import io.requiredsince.runtime.internal.JdbcValues;
import io.requiredsince.runtime.internal.JvmLock;
import io.requiredsince.runtime.internal.LiveColumn;
import io.requiredsince.runtime.internal.MigrationLock;
import io.requiredsince.runtime.internal.Road;
import io.requiredsince.runtime.internal.Step;
import io.requiredsince.runtime.internal.Target;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * H2, HSQLDB and Derby, which run in-process or as a server: the generic road (add nullable,
 * backfill in batches, final pass, {@code SET NOT NULL}, settle the default). The migration lock:
 * embedded (in-memory or file without a server mode), the database lives in one process, which
 * already excludes every other, so a JVM-wide lock per database URL is exact there, and keeps H2's
 * DDL from waiting on a lock's open transaction (about a second per ALTER TABLE); through a server,
 * a {@link RowLock}.
 */
public final class EmbeddedSupport extends AbstractEngineSupport {

    /**
     * What the three report when a row is held by another transaction: lock or query timeout,
     * cancelled statement, deadlock victim.
     */
    private static final Set<String> LOCK_TIMEOUTS = Set.of(
            "HYT00", "HYT01", "HY008", // timeout (H2's lock timeout 50200, HSQLDB), cancelled
            "57014", // H2: statement cancelled
            "90131", // H2: concurrent update
            "40XL1", "40XL2", // Derby: lock wait timeout
            "XCL52"); // Derby: statement cancelled or timed out
    private static final String DEADLOCK = "40001"; // deadlock or serialization failure (all three)


    public EmbeddedSupport(EngineInfo info) {
        super(info);
    }

    @Override
    public Road road(Target target, LiveColumn before, boolean rolling) {
        return GenericSteps.road(this, target, rolling);
    }

    /** An {@code AFTER INSERT} trigger by primary key ({@link KeyedFill}) for a backfill written in SQL that is not a constant. */
    @Override
    public java.util.Optional<Fill> fill(Target target) {
        return target.spec().backfill().isJava() || target.spec().backfill().isConstant() ? java.util.Optional.empty()
                : java.util.Optional.of(new KeyedFill(this, target));
    }

    @Override
    public MigrationLock migrationLock(DataSource dataSource, Connection caller, String historySchema,
                                       String historyTable) throws SQLException {
        String url = MigrationLock.url(dataSource, caller);
        if (inProcess(url)) {
            return new JvmLock(info.engine() + ":" + url + "#" + MigrationLock.qualified(historySchema, historyTable));
        }
        return MigrationLock.onNewConnection(dataSource, c -> new RowLock(c, caller, this, historySchema, historyTable,
                sessions()));
    }

    /**
     * H2 tells its sessions apart: through its server, a killed migrator's lock connection ends at
     * once, while the server still runs what its working session had sent (an ALTER TABLE, say). The
     * next migrator waits for that session to end. HSQLDB and Derby offer no such view.
     */
    private RowLock.Sessions sessions() {
        return info.engine() == Engine.H2 ? new RowLock.Sessions("SELECT SESSION_ID()",
                "SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE SESSION_ID = ?") : null;
    }

    /** Whether the URL opens the database inside this process, where no other process can open it. */
    boolean inProcess(String url) {
        String u = url == null ? "" : url.toLowerCase(Locale.ROOT);
        return switch (info.engine()) {
            case H2 -> u.startsWith("jdbc:h2:") && !u.startsWith("jdbc:h2:tcp:") && !u.startsWith("jdbc:h2:ssl:")
                    && !u.contains("auto_server=true");
            case HSQLDB -> u.startsWith("jdbc:hsqldb:mem:") || u.startsWith("jdbc:hsqldb:file:")
                    || u.startsWith("jdbc:hsqldb:res:");
            case DERBY -> u.startsWith("jdbc:derby:") && !u.startsWith("jdbc:derby://");
            default -> false;
        };
    }

    @Override
    public FailureKind classify(SQLException failure) {
        String state = failure.getSQLState();
        if (state == null) {
            return FailureKind.OTHER;
        }
        if (LOCK_TIMEOUTS.contains(state)) {
            return FailureKind.LOCK_TIMEOUT;
        }
        return DEADLOCK.equals(state) ? FailureKind.DEADLOCK : FailureKind.OTHER;
    }

    /** HSQLDB's {@code real} is a {@code double}, and its catalog says so. */
    @Override
    public boolean sameType(SqlType spec, ColumnType live) {
        if (info.engine() == io.requiredsince.runtime.internal.Engine.HSQLDB && spec.kind() == SqlType.Kind.REAL) {
            return live.is(java.sql.Types.REAL, java.sql.Types.DOUBLE, java.sql.Types.FLOAT);
        }
        return live.matches(spec);
    }

    /** H2 and HSQLDB take {@code java.time} values and have a native {@code uuid}; Derby takes neither. */
    @Override
    public Object jdbcValue(Object value, SqlType type) {
        return switch (info.engine()) {
            case DERBY -> JdbcValues.noJavaTime(value, type);
            default -> JdbcValues.withJavaTime(value, true, type);
        };
    }

    /**
     * Derby cannot change a column's type: the values move to a new CLOB column, which takes the old
     * one's name, in one transaction (Derby's DDL is transactional, so a crash leaves either table).
     */
    @Override
    public void widenToText(Connection connection, DSLContext dsl, Table<?> table, Field<String> column)
            throws SQLException {
        if (info.engine() != Engine.DERBY) {
            super.widenToText(connection, dsl, table, column);
            return;
        }
        Field<String> wide = DSL.field(DSL.name(column.getName() + "_WIDE"), SQLDataType.CLOB);
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            dsl.alterTable(table).addColumn(wide).execute();
            dsl.update(table).set(wide, column).execute();
            dsl.alterTable(table).dropColumn(column).execute();
            dsl.alterTable(table).renameColumn(wide).to(column).execute();
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }
}
