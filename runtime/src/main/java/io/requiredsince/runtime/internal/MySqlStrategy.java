package io.requiredsince.runtime.internal;

import io.requiredsince.runtime.MigrationReport;
import io.requiredsince.runtime.SqlType;
import io.requiredsince.runtime.internal.Step.Guard;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
 * <p>Otherwise: add nullable → {@code UPDATE … WHERE c IS NULL} → prove that no NULL is left (a clear
 * error naming the table, the column and the count when one is) → {@code MODIFY COLUMN} with the
 * column's complete live definition and {@code NOT NULL, ALGORITHM=INPLACE, LOCK=NONE}, in a session
 * whose {@code sql_mode} is strict, so that a NULL can never become {@code 0} or {@code ''} (in a
 * non-strict session both servers silently convert NULLs to the type's implicit default).
 * jOOQ 3.19 renders neither {@code MODIFY} nor {@code DROP DEFAULT} right for these dialects, so
 * this strategy writes its DDL itself, with identifiers quoted through jOOQ.
 */
final class MySqlStrategy implements Strategy {

    static final String PROVE_STEP = "prove no nulls";
    static final String TIGHTEN_STEP = "set not null";

    /** ER_ALTER_OPERATION_NOT_SUPPORTED(_REASON)(_…): the server refuses the ALGORITHM/LOCK asked for. */
    private static final int[] REFUSED = {1845, 1846, 1847, 1848, 1849, 1850};

    private final EngineInfo engine;
    private final Sql sql;
    /** Which target each special step was planned for, to redo it from the live schema when it runs. */
    private final Map<Step, Target> targets = Collections.synchronizedMap(new IdentityHashMap<>());

    MySqlStrategy(EngineInfo engine, Sql sql) {
        this.engine = engine;
        this.sql = sql;
    }

    /** Whether {@code ADD COLUMN … ALGORITHM=INSTANT} exists on this server. */
    boolean instantAddColumn() {
        return engine.engine() == Engine.MARIADB ? engine.atLeast(10, 3)
                : engine.atLeast(8, 1) || engine.atLeast(8, 0) && patch(engine.version()) >= 12;
    }

    private static int patch(String version) {
        String[] parts = version.split("[^0-9]+");
        try {
            return parts.length > 2 ? Integer.parseInt(parts[2]) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public List<Step> steps(Target target, LiveColumn before) {
        List<Step> steps = new ArrayList<>();
        String k = target.spec().backfill().sql();
        if (!before.exists() && target.spec().backfill().isConstant() && instantAddColumn()) {
            steps.add(special(Step.ddl(MigrationReport.CATALOG_DEFAULT_STEP,
                    alter(target) + " ADD COLUMN " + column(target) + " " + type(target.spec().type())
                            + " NOT NULL DEFAULT " + k + ", ALGORITHM=INSTANT",
                    Guard.COLUMN_MISSING, c -> c.added(false, k)), target));
        } else {
            steps.add(Step.ddl("add column", alter(target) + " ADD COLUMN " + column(target) + " "
                    + type(target.spec().type()) + " NULL", Guard.COLUMN_MISSING, c -> c.added(true, null)));
            steps.addAll(Backfiller.walkAndSweep(sql, target));
            steps.add(special(new Step(PROVE_STEP, proveSql(target), Guard.COLUMN_NULLABLE, c -> c, false), target));
            steps.add(special(Step.ddl(TIGHTEN_STEP, modify(target, type(target.spec().type()), null)
                    + ", ALGORITHM=INPLACE, LOCK=NONE", Guard.COLUMN_NULLABLE, LiveColumn::notNull), target));
        }
        steps.add(target.spec().keepDefault()
                ? Step.ddl("set default", alter(target) + " ALTER COLUMN " + column(target) + " SET DEFAULT " + k,
                        Guard.DEFAULT_ABSENT, c -> c.withDefault(k))
                : Step.ddl("drop default", alter(target) + " ALTER COLUMN " + column(target) + " DROP DEFAULT",
                        Guard.DEFAULT_PRESENT, c -> c.withDefault(null)));
        return steps;
    }

    private Step special(Step step, Target target) {
        targets.put(step, target);
        return step;
    }

    @Override
    public Executed execute(Step step, Connection connection) throws SQLException {
        Target target = targets.get(step);
        if (target == null) {
            return Strategy.super.execute(step, connection);
        }
        if (step.name().equals(PROVE_STEP)) {
            return prove(step, target, connection);
        }
        if (step.name().equals(TIGHTEN_STEP)) {
            return tighten(target, connection);
        }
        // ADD COLUMN … ALGORITHM=INSTANT: retried without ALGORITHM when refused.
        try {
            return Strategy.super.execute(step, connection);
        } catch (SQLException e) {
            if (!refused(e)) {
                throw e;
            }
            String fallback = step.sql().substring(0, step.sql().lastIndexOf(", ALGORITHM=INSTANT"));
            return run(connection, fallback);
        }
    }

    private Executed prove(Step step, Target target, Connection connection) throws SQLException {
        boolean any;
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(step.sql())) {
            any = rs.next();
        }
        if (any) {
            long count;
            try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql.countNulls(target))) {
                rs.next();
                count = rs.getLong(1);
            }
            throw new IllegalStateException(count + " row(s) of table " + target.describe().substring(0,
                    target.describe().length() - target.column().length() - 1) + " still have NULL in column "
                    + target.column() + " after the backfill (" + target.spec().backfill().sql()
                    + " yields NULL for them): the column stays nullable. Give those rows a value, or change the"
                    + " backfill so it never yields NULL (e.g. coalesce(…, default)), then run migrate() again");
        }
        return new Executed(step.sql(), 0);
    }

    /** MODIFY with the live definition, in a strict session; retried without ALGORITHM/LOCK when refused. */
    private Executed tighten(Target target, Connection connection) throws SQLException {
        String modify = liveModify(target, connection);
        String oldMode;
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("SELECT @@SESSION.sql_mode")) {
            rs.next();
            oldMode = rs.getString(1);
        }
        String strictMode = strict(oldMode);
        try {
            setSqlMode(connection, strictMode);
            try {
                return run(connection, modify + ", ALGORITHM=INPLACE, LOCK=NONE");
            } catch (SQLException e) {
                if (!refused(e)) {
                    throw e;
                }
                return run(connection, modify);
            }
        } finally {
            setSqlMode(connection, oldMode);
        }
    }

    static String strict(String mode) {
        String m = mode == null ? "" : mode.trim();
        if (m.toUpperCase(Locale.ROOT).contains("STRICT_ALL_TABLES")) {
            return m;
        }
        return m.isEmpty() ? "STRICT_ALL_TABLES" : m + ",STRICT_ALL_TABLES";
    }

    private static void setSqlMode(Connection connection, String mode) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SET SESSION sql_mode = ?")) {
            ps.setString(1, mode);
            ps.execute();
        }
    }

    private static Executed run(Connection connection, String statement) throws SQLException {
        try (Statement st = connection.createStatement()) {
            return new Executed(statement, st.executeLargeUpdate(statement));
        }
    }

    private static boolean refused(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                for (int code : REFUSED) {
                    if (s.getErrorCode() == code) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * {@code ALTER TABLE t MODIFY COLUMN c <definition> NOT NULL} from information_schema.COLUMNS: the
     * type, the character set and collation when they differ from the table's, the default and the
     * comment. A type equal to the spec's is written as the spec's, so that plan() shows what runs.
     */
    String liveModify(Target target, Connection connection) throws SQLException {
        String schema = target.schema() != null ? target.schema() : connection.getCatalog();
        String q = "SELECT c.COLUMN_TYPE, c.CHARACTER_SET_NAME, c.COLLATION_NAME, c.COLUMN_DEFAULT,"
                + " c.COLUMN_COMMENT, c.EXTRA, t.TABLE_COLLATION FROM information_schema.COLUMNS c"
                + " JOIN information_schema.TABLES t ON t.TABLE_SCHEMA = c.TABLE_SCHEMA AND t.TABLE_NAME = c.TABLE_NAME"
                + " WHERE c.TABLE_SCHEMA = ? AND c.TABLE_NAME = ? AND c.COLUMN_NAME = ?";
        try (PreparedStatement ps = connection.prepareStatement(q)) {
            ps.setString(1, schema);
            ps.setString(2, target.table());
            ps.setString(3, target.column());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("Column " + target.describe() + " vanished before MODIFY");
                }
                String columnType = rs.getString(1);
                String charset = rs.getString(2);
                String collation = rs.getString(3);
                String def = rs.getString(4);
                String comment = rs.getString(5);
                String extra = rs.getString(6);
                String tableCollation = rs.getString(7);
                String specType = type(target.spec().type());
                StringBuilder d = new StringBuilder(
                        canonical(columnType).equals(canonical(specType)) ? specType : columnType);
                if (collation != null && !collation.equalsIgnoreCase(tableCollation)) {
                    d.append(" CHARACTER SET ").append(charset).append(" COLLATE ").append(collation);
                }
                String defaultClause = defaultClause(def, extra);
                String tail = (defaultClause == null ? "" : " DEFAULT " + defaultClause)
                        + (comment == null || comment.isEmpty() ? "" : " COMMENT " + sql.dsl().render(DSL.inline(comment)));
                return modify(target, d.toString(), tail);
            }
        }
    }

    private String defaultClause(String def, String extra) {
        if (def == null || def.equalsIgnoreCase("NULL")) {
            return null;
        }
        if (engine.engine() == Engine.MARIADB) {
            return def; // MariaDB ≥ 10.2.7 reports the default as an SQL expression: 'free', 0, current_timestamp()
        }
        boolean expression = extra != null && extra.toUpperCase(Locale.ROOT).contains("DEFAULT_GENERATED");
        return expression ? "(" + def + ")" : sql.dsl().render(DSL.inline(def));
    }

    /** A column type without what does not change it: integer display widths, spaces, case. */
    static String canonical(String type) {
        String t = type.toLowerCase(Locale.ROOT).replace(" ", "");
        if (t.equals("boolean") || t.equals("bool") || t.equals("tinyint(1)")) {
            return "boolean";
        }
        t = t.replaceFirst("^(tinyint|smallint|mediumint|int|integer|bigint)\\(\\d+\\)", "$1");
        return t.replaceFirst("^integer", "int");
    }

    private String modify(Target target, String definition, String tail) {
        return alter(target) + " MODIFY COLUMN " + column(target) + " " + definition + (tail == null ? "" : tail)
                + " NOT NULL";
    }

    private String proveSql(Target target) {
        return "SELECT 1 FROM " + sql.quoted(sql.table(target)) + " WHERE " + column(target) + " IS NULL LIMIT 1";
    }

    private String alter(Target target) {
        return "ALTER TABLE " + sql.quoted(sql.table(target));
    }

    private String column(Target target) {
        return sql.quoted(DSL.name(target.column()));
    }

    /** The column type in MySQL/MariaDB syntax, the same text in ADD COLUMN and MODIFY. */
    static String type(SqlType type) {
        return switch (type.kind()) {
            case VARCHAR -> "varchar(" + type.length() + ")";
            case CHAR -> "char(" + type.length() + ")";
            case BOOLEAN -> "boolean";
            case SMALLINT -> "smallint";
            case INTEGER -> "int";
            case BIGINT -> "bigint";
            case REAL -> "float";
            case DOUBLE -> "double";
            case DECIMAL -> "decimal(" + type.precision() + "," + type.scale() + ")";
            case UUID -> "char(36)";
            case DATE -> "date";
            case TIME -> "time(6)";
            case TIMESTAMP, TIMESTAMP_WITH_TIME_ZONE -> "datetime(6)";
            case EXPLICIT -> type.sql();
        };
    }
}
