package io.requiredsince.runtime.internal;

/** What every {@link EngineSupport} holds: the engine and version, and its renderer. */
public abstract class AbstractEngineSupport implements EngineSupport {

    /** The engine and version. */
    protected final EngineInfo info;
    /** Renders this engine's SQL. */
    protected final Sql sql;

    protected AbstractEngineSupport(EngineInfo info) {
        this.info = info;
        this.sql = new Sql(info);
    }

    @Override
    public final EngineInfo info() {
        return info;
    }

    @Override
    public final Sql sql() {
        return sql;
    }
}
