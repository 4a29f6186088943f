package io.requiredsince.runtime.internal;

import org.jooq.SQLDialect;

/**
 * The database engines the runtime knows, each with the jOOQ dialect that renders its SQL. The
 * dialect is named in a method, not held: telling the engine apart loads nothing of jOOQ, so a run
 * with nothing to do never does.
 */
public enum Engine {
    POSTGRES("PostgreSQL", '"'),
    MYSQL("MySQL", '`'),
    MARIADB("MariaDB", '`'),
    SQLITE("SQLite", '"'),
    H2("H2", '"'),
    HSQLDB("HSQLDB", '"'),
    DERBY("Derby", '"');

    private final String displayName;
    private final char quote;

    Engine(String displayName, char quote) {
        this.displayName = displayName;
        this.quote = quote;
    }

    public String displayName() {
        return displayName;
    }

    public SQLDialect dialect() {
        return switch (this) {
            case POSTGRES -> SQLDialect.POSTGRES;
            case MYSQL -> SQLDialect.MYSQL;
            case MARIADB -> SQLDialect.MARIADB;
            case SQLITE -> SQLDialect.SQLITE;
            case H2 -> SQLDialect.H2;
            case HSQLDB -> SQLDialect.HSQLDB;
            case DERBY -> SQLDialect.DERBY;
        };
    }

    /** {@code name} quoted as jOOQ quotes it for this engine: for the few statements written without jOOQ. */
    public String quote(String name) {
        String q = String.valueOf(quote);
        return q + name.replace(q, q + q) + q;
    }
}
