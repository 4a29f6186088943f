package io.requiredsince.runtime.internal.sqlite;

import io.requiredsince.runtime.ColumnSpec;
import io.requiredsince.runtime.SqlType;
import io.requiredsince.runtime.internal.BackfillSettings;
import io.requiredsince.runtime.internal.Backfills;
import io.requiredsince.runtime.internal.ColumnType;
import io.requiredsince.runtime.internal.AbstractEngineSupport;
import io.requiredsince.runtime.internal.EngineInfo;
import io.requiredsince.runtime.internal.EngineSupport;
import io.requiredsince.runtime.internal.FailureKind;
import io.requiredsince.runtime.internal.Fill;
import io.requiredsince.runtime.internal.FillSteps;
import io.requiredsince.runtime.internal.GenericSteps;
import io.requiredsince.runtime.internal.Identifiers;
import io.requiredsince.runtime.internal.LiveColumn;
import io.requiredsince.runtime.internal.Message;
import io.requiredsince.runtime.internal.MigrationLock;
import io.requiredsince.runtime.internal.Road;
import io.requiredsince.runtime.internal.Step;
import io.requiredsince.runtime.internal.Step.Guard;
import io.requiredsince.runtime.internal.TableKey;
import io.requiredsince.runtime.internal.Target;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Table;

/**
 * SQLite. SQLite has no {@code DROP DEFAULT} and no {@code SET DEFAULT}; {@code ALTER COLUMN … SET
 * NOT NULL} exists from 3.53 on (it checks the existing rows). So:
 *
 * <ul>
 *   <li>keepDefault with a constant, column missing: {@code ADD COLUMN … NOT NULL DEFAULT k}, which
 *       SQLite allows for a constant default and which rewrites no row (any version);</li>
 *   <li>otherwise add the column nullable and backfill it; then on 3.53 and later {@code SET NOT
 *       NULL}; before 3.53 the table rebuild of {@link SqliteRebuild}, which also is the only way
 *       to add or drop a default on an existing column, so it is the last step on every version,
 *       guarded to run only when the column is not yet in its end state.</li>
 * </ul>
 *
 * A database has one schema, {@code main}; a table without a primary key is walked by {@code rowid};
 * one writer at a time means batches wait under a busy timeout and give way when the database is
 * busy; the migration lock is a file lock ({@link SqliteLock}); {@code java.time} values go in the
 * form every reader reads back, and rows are read whatever form their dates are in ({@link SqliteTimes}).
 */
public final class SqliteSupport extends AbstractEngineSupport {


    public SqliteSupport(EngineInfo info) {
        super(info);
    }

    @Override
    public boolean transactionalDdl() {
        return true;
    }

    @Override
    public java.util.Optional<Connection> rehearsal(Connection live) throws SQLException {
        return java.util.Optional.of(SchemaRehearsal.of(live));
    }

    @Override
    public Road road(Target target, LiveColumn before, boolean rolling) {
        boolean keepDefault = target.spec().keepDefault();
        boolean constant = target.spec().backfill().isConstant();
        String backfill = target.spec().backfill().sql();
        List<Step> add = new ArrayList<>();
        // A constant default is added without rewriting a row: it serves inserts that omit the column while expanded.
        boolean withDefault = constant && (keepDefault || rolling) && !before.exists();
        if (withDefault) {
            add.add(GenericSteps.addWithDefault(sql, target));
        }
        add.add(GenericSteps.addNullable(sql, target));
        // Before 3.53 the rebuild copies every row anyway and fills the NULLs with coalesce(col, backfill)
        // in that same pass, under the same lock: a SQL backfill then needs no batched walk first, unless
        // the rows must have their values while the migration is expanded.
        boolean rebuildFills = !info.atLeast(3, 53) && !target.spec().backfill().isJava();
        boolean batched = !rebuildFills || rolling;
        List<Step> backfillSteps = batched ? List.of(Backfills.walk(this, target)) : List.of();
        List<Step> sweep = batched ? List.of(Backfills.sweep(this, target)) : List.of();
        List<Step> tighten = info.atLeast(3, 53) ? List.of(GenericSteps.setNotNull(sql, target)) : List.of();
        SqliteRebuild rebuild = new SqliteRebuild(sql, target, rebuildFills);
        List<Step> settle = new ArrayList<>();
        if (target.prior().hadDefault()) {
            // The column's own default stays in its definition: only NOT NULL is left to do.
            settle.add(new Step("rebuild table", Guard.COLUMN_NULLABLE, LiveColumn::notNull, rebuild));
        } else {
            // SQLite has no DROP DEFAULT: the rebuild is also what removes the temporary default.
            settle.add(new Step("rebuild table",
                    keepDefault ? Guard.NULLABLE_OR_DEFAULT_ABSENT : Guard.NULLABLE_OR_DEFAULT_PRESENT,
                    c -> c.added(false, keepDefault ? backfill : null), rebuild));
        }
        settle.addAll(GenericSteps.unfill(this, target));
        List<Step> filling = withDefault ? List.of() : fill(target).map(f -> List.of(FillSteps.add(f))).orElse(List.of());
        return Road.of(rolling, add, filling, withDefault, backfillSteps, sweep, tighten, settle);
    }

    /**
     * An {@code AFTER INSERT} trigger ({@link FillTrigger}) for a backfill written in SQL, a constant
     * included: SQLite cannot give an existing column a default.
     */
    @Override
    public Optional<Fill> fill(Target target) {
        return target.spec().backfill().isJava() ? Optional.empty() : Optional.of(new FillTrigger(sql, target));
    }

    /**
     * SQLite stores by type affinity (sqlite.org/datatype3.html §3.1), and the driver reports a type
     * from the declared name: types are the same when their affinities are. A declared length is
     * compared where there is one; SQLite has no date and time types, so any declaration holds them.
     */
    @Override
    public boolean sameType(SqlType spec, ColumnType live) {
        String affinity = affinity(live.name());
        return switch (spec.kind()) {
            case VARCHAR, CHAR -> affinity.equals("text")
                    && (live.size() == spec.length() || live.size() >= UNDECLARED_SIZE);
            case BOOLEAN, SMALLINT, INTEGER, BIGINT -> affinity.equals("integer") || affinity.equals("numeric");
            case REAL, DOUBLE -> affinity.equals("real") || affinity.equals("numeric");
            case DECIMAL -> !affinity.equals("text") && !affinity.equals("blob");
            case UUID -> affinity.equals("text") || affinity.equals("blob");
            case DATE, TIME, TIMESTAMP, TIMESTAMP_WITH_TIME_ZONE, EXPLICIT -> true;
        };
    }

    /** What sqlite-jdbc reports as the size of a type declared without one. */
    private static final int UNDECLARED_SIZE = 2_000_000_000;

    static String affinity(String declared) {
        String t = declared.toUpperCase(java.util.Locale.ROOT);
        if (t.contains("INT")) {
            return "integer";
        }
        if (t.contains("CHAR") || t.contains("CLOB") || t.contains("TEXT")) {
            return "text";
        }
        if (t.isBlank() || t.contains("BLOB")) {
            return "blob";
        }
        if (t.contains("REAL") || t.contains("FLOA") || t.contains("DOUB")) {
            return "real";
        }
        return "numeric";
    }

    /** No catalog, no schema: a connection sees one database. */
    @Override
    public MetadataScope scope(Connection connection, String schema) {
        return new MetadataScope(null, null);
    }

    /** {@code main} is the connection's own schema; any other is an error that says what to do. */
    @Override
    public String schemaOf(ColumnSpec spec) {
        if (spec.schema().isEmpty()) {
            return null;
        }
        String schema = Identifiers.fold(spec.schema(), info);
        if (!schema.equalsIgnoreCase("main")) {
            throw Message.SCHEMA_NOT_SUPPORTED.failure(spec.schema(), spec.table(), spec.schema());
        }
        return null;
    }

    @Override
    public MigrationLock migrationLock(DataSource dataSource, Connection caller, String historySchema,
                                       String historyTable) throws SQLException {
        return SqliteLock.open(MigrationLock.url(dataSource, caller),
                MigrationLock.qualified(historySchema, historyTable));
    }

    @Override
    public TableKey keyless(Connection connection, Target target) {
        return TableKey.address("rowid");
    }

    /** SQLITE_BUSY (5) and SQLITE_LOCKED (6): another connection writes. */
    @Override
    public FailureKind classify(SQLException failure) {
        return failure.getErrorCode() == 5 || failure.getErrorCode() == 6
                || String.valueOf(failure.getMessage()).contains("SQLITE_BUSY")
                ? FailureKind.DATABASE_BUSY : FailureKind.OTHER;
    }

    /**
     * jOOQ writes a {@code java.sql.Timestamp} to SQLite as its text ({@code 2025-01-31 12:00:00.0},
     * the JVM's zone) and reads it back as epoch milliseconds or that text: so is it read here.
     */
    @Override
    public java.time.Instant historyTime(ResultSet rs, String column) throws SQLException {
        String text = rs.getString(column);
        if (text == null) {
            return null;
        }
        String t = text.strip();
        if (!t.isEmpty() && t.chars().allMatch(ch -> ch == '-' || Character.isDigit(ch)) && t.lastIndexOf('-') <= 0) {
            return java.time.Instant.ofEpochMilli(Long.parseLong(t));
        }
        return java.sql.Timestamp.valueOf(t.replace("T", " ")).toInstant();
    }

    @Override
    public Object jdbcValue(Object value, SqlType type) {
        return SqliteTimes.bind(value, type);
    }

    @Override
    public Field<?> rowField(Field<?> reported) {
        return SqliteTimes.readable(reported);
    }

    /**
     * SQLite has one writer at a time: without a busy timeout a batch fails at once when the
     * application writes. One is set for the backfill when the connection has none, and put back.
     */
    @Override
    public AutoCloseableSql backfillSession(Connection connection, BackfillSettings settings) throws SQLException {
        int current;
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("pragma busy_timeout")) {
            current = rs.next() ? rs.getInt(1) : 0;
            if (current == 0) {
                st.execute("pragma busy_timeout = " + Math.max(1, settings.lockTimeout().toMillis()));
            }
        }
        return () -> {
            if (current == 0) {
                try (Statement st = connection.createStatement()) {
                    st.execute("pragma busy_timeout = 0");
                }
            }
        };
    }

    // SQLite keeps text of any length whatever the declared type, and cannot change a column's type in place.
    @Override
    public void widenToText(Connection connection, DSLContext dsl, Table<?> table, Field<String> column) {
    }

    @Override
    public String relaxNotNull(Connection connection, Target target) {
        throw new UnsupportedOperationException(Message.UNDO_CANNOT_RELAX.format(info.engine().displayName()));
    }
}
