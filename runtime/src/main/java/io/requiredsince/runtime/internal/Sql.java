package io.requiredsince.runtime.internal;

import io.requiredsince.runtime.ColumnSpec;
import io.requiredsince.runtime.SqlType;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.DataType;
import org.jooq.Field;
import org.jooq.Name;
import org.jooq.Query;
import org.jooq.SQLDialect;
import org.jooq.conf.ParamType;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultDataType;
import org.jooq.impl.SQLDataType;

/**
 * Renders the statements of the strategies in the engine's dialect through jOOQ, identifiers
 * always quoted. The backfill is the developer's SQL, compiled into the migration, and is embedded
 * as written.
 */
public final class Sql {

    // Held so the level set below is not lost when the logger is garbage-collected.
    private static final java.util.logging.Logger JOOQ_VERSION_LOG =
            java.util.logging.Logger.getLogger("org.jooq.impl.DefaultExecuteContext.logVersionSupport");

    static {
        // jOOQ prints a banner, tips and a version line on first use; a migration library stays quiet.
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
        JOOQ_VERSION_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    /** Stands for an explicit type in jOOQ's rendering: a plain identifier, so no dialect quotes it. */
    private static final String EXPLICIT_TYPE_TOKEN = "requiredsince_explicit_type";

    private final EngineInfo engine;
    // Made at the first statement rendered: jOOQ's classes take most of a cold start, and a run with
    // nothing to do renders nothing.
    private DSLContext dsl;

    public Sql(EngineInfo engine) {
        this.engine = engine;
    }

    public EngineInfo engine() {
        return engine;
    }

    public synchronized DSLContext dsl() {
        if (dsl == null) {
            Settings settings = new Settings()
                    .withRenderQuotedNames(RenderQuotedNames.ALWAYS)
                    .withRenderFormatted(false)
                    .withStatementType(org.jooq.conf.StatementType.STATIC_STATEMENT);
            dsl = DSL.using(engine.engine().dialect(), settings);
        }
        return dsl;
    }

    public Name table(Target t) {
        return t.schema() == null ? DSL.name(t.table()) : DSL.name(t.schema(), t.table());
    }

    public Field<Object> column(Target t) {
        return DSL.field(DSL.name(t.column()));
    }

    public Field<Object> backfill(ColumnSpec spec) {
        return DSL.field(DSL.sql(spec.backfill().sql()));
    }

    public Condition isNull(Target t) {
        return column(t).isNull();
    }

    public String addColumn(Target t, boolean notNullWithDefault) {
        DataType<?> type = dataType(t.spec().type());
        if (notNullWithDefault) {
            type = withDefault(type.notNull(), t.spec());
        } else {
            type = type.nullable(true);
        }
        String sql = inline(dsl().alterTable(table(t)).addColumn(DSL.name(t.column()), type));
        // jOOQ places the type; an explicit one goes in as written (jOOQ would quote "numeric(12, 3)" on SQLite).
        return t.spec().type().kind() == SqlType.Kind.EXPLICIT
                ? sql.replace(EXPLICIT_TYPE_TOKEN, t.spec().type().sql()) : sql;
    }

    private static <T> DataType<T> withDefault(DataType<T> type, ColumnSpec spec) {
        return type.defaultValue(DSL.field(DSL.sql(spec.backfill().sql()), type));
    }

    public String backfillAll(Target t) {
        return inline(dsl().update(DSL.table(table(t))).set(java.util.Map.of(column(t), backfill(t.spec()))).where(isNull(t)));
    }

    public String setNotNull(Target t) {
        return inline(dsl().alterTable(table(t)).alterColumn(DSL.name(t.column())).setNotNull());
    }

    public String dropDefault(Target t) {
        return inline(dsl().alterTable(table(t)).alterColumn(DSL.name(t.column())).dropDefault());
    }

    public String setDefault(Target t) {
        return inline(dsl().alterTable(table(t)).alterColumn(DSL.name(t.column())).setDefault(backfill(t.spec())));
    }

    /** How many rows still have the column NULL: the check every backfill must pass before tightening. */
    public String countNulls(Target t) {
        return "select count(*) from " + quoted(table(t)) + " where " + quoted(DSL.name(t.column())) + " is null";
    }

    public String quoted(Name name) {
        return dsl().render(name);
    }

    /** {@code "name"} quoted for this engine. */
    public String quoted(String name) {
        return dsl().render(DSL.name(name));
    }

    /** The table of {@code t}, quoted and qualified. */
    public String quotedTable(Target t) {
        return dsl().render(table(t));
    }

    /** The text of {@code value} as a SQL string literal of this engine. */
    public String literal(String value) {
        return dsl().render(DSL.inline(value));
    }

    /** The first column of the first row of {@code query}, as a long. */
    public static long count(java.sql.Connection connection, String query) throws java.sql.SQLException {
        try (java.sql.Statement st = connection.createStatement(); java.sql.ResultSet rs = st.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String inline(Query query) {
        return query.getSQL(ParamType.INLINED);
    }

    public static DataType<?> dataType(SqlType type) {
        return switch (type.kind()) {
            case VARCHAR -> SQLDataType.VARCHAR(type.length());
            case CHAR -> SQLDataType.CHAR(type.length());
            case BOOLEAN -> SQLDataType.BOOLEAN;
            case SMALLINT -> SQLDataType.SMALLINT;
            case INTEGER -> SQLDataType.INTEGER;
            case BIGINT -> SQLDataType.BIGINT;
            case REAL -> SQLDataType.REAL;
            case DOUBLE -> SQLDataType.DOUBLE;
            case DECIMAL -> SQLDataType.DECIMAL(type.precision(), type.scale());
            case UUID -> SQLDataType.UUID;
            case DATE -> SQLDataType.LOCALDATE;
            case TIME -> SQLDataType.LOCALTIME;
            case TIMESTAMP -> SQLDataType.LOCALDATETIME;
            case TIMESTAMP_WITH_TIME_ZONE -> SQLDataType.OFFSETDATETIME;
            case EXPLICIT -> new DefaultDataType<>(SQLDialect.DEFAULT, Object.class, EXPLICIT_TYPE_TOKEN);
        };
    }
}
