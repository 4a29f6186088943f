package io.requiredsince.runtime;

/**
 * The database products of the engine matrix: each {@link TestEngine} belongs to one, and
 * {@link EngineTest#family()} / {@link EngineTest#exceptFamily()} select them all at once.
 */
enum EngineFamily {
    H2,
    HSQLDB,
    DERBY,
    /** Every PostgreSQL major embedded, and the server. */
    POSTGRES,
    /** The current and the old driver. */
    SQLITE,
    /** MariaDB through the MariaDB driver and through MySQL Connector/J. */
    MARIADB
}
