package io.requiredsince.runtime.internal;

import org.jooq.SQLDialect;

/** The database engines the runtime knows, each with the jOOQ dialect that renders its SQL. */
public enum Engine {
    POSTGRES("PostgreSQL", SQLDialect.POSTGRES),
    MYSQL("MySQL", SQLDialect.MYSQL),
    MARIADB("MariaDB", SQLDialect.MARIADB),
    SQLITE("SQLite", SQLDialect.SQLITE),
    H2("H2", SQLDialect.H2),
    HSQLDB("HSQLDB", SQLDialect.HSQLDB),
    DERBY("Derby", SQLDialect.DERBY);

    private final String displayName;
    private final SQLDialect dialect;

    Engine(String displayName, SQLDialect dialect) {
        this.displayName = displayName;
        this.dialect = dialect;
    }

    public String displayName() {
        return displayName;
    }

    public SQLDialect dialect() {
        return dialect;
    }
}
