package io.requiredsince.runtime;

import java.util.function.Supplier;

/**
 * The entries of the engine matrix ({@link TestDatabase#engines()}), for {@link EngineTest} to
 * select by. Which of them a machine has depends on it: the embedded PostgreSQL majors whose binaries
 * Maven copied (10, 11, 12, 18) and the server URLs. The display name is what test reports show.
 */
enum TestEngine {
    H2("H2", EngineFamily.H2),
    HSQLDB("HSQLDB", EngineFamily.HSQLDB),
    DERBY("Derby", EngineFamily.DERBY),
    POSTGRES_10("PostgreSQL 10 (embedded)", EngineFamily.POSTGRES),
    POSTGRES_11("PostgreSQL 11 (embedded)", EngineFamily.POSTGRES),
    POSTGRES_12("PostgreSQL 12 (embedded)", EngineFamily.POSTGRES),
    /** The testkit's own embedded PostgreSQL, on every machine. */
    POSTGRES_17("PostgreSQL 17 (embedded)", EngineFamily.POSTGRES),
    POSTGRES_18("PostgreSQL 18 (embedded)", EngineFamily.POSTGRES),
    /** The machine's server, when {@code REQUIREDSINCE_TEST_POSTGRES_URL} names it. */
    POSTGRES_SERVER("PostgreSQL (server)", EngineFamily.POSTGRES),
    /** SQLite ≥ 3.53: ALTER COLUMN … SET NOT NULL. */
    SQLITE_CURRENT("SQLite (current driver)", EngineFamily.SQLITE),
    /** SQLite 3.4x: the table rebuild. */
    SQLITE_OLD("SQLite (old driver, rebuild)", EngineFamily.SQLITE),
    MARIADB("MariaDB (MariaDB driver)", EngineFamily.MARIADB),
    MARIADB_MYSQL_DRIVER("MariaDB through MySQL Connector/J", EngineFamily.MARIADB);

    private final String displayName;
    private final EngineFamily family;

    TestEngine(String displayName, EngineFamily family) {
        this.displayName = displayName;
        this.family = family;
    }

    /** The name test reports show for this engine's runs. */
    String displayName() {
        return displayName;
    }

    EngineFamily family() {
        return family;
    }

    /** The engine of a matrix entry: of the {@code Supplier<TestDatabase>} an {@link EngineTest} was handed. */
    static TestEngine of(Supplier<TestDatabase> entry) {
        if (entry instanceof TestDatabase.MatrixEngine matrixEngine) {
            return matrixEngine.engine();
        }
        throw new IllegalArgumentException(entry + " is not an engine of the matrix");
    }

    /** The entry of an embedded PostgreSQL major; binaries of a major without one fail the run. */
    static TestEngine embeddedPostgres(int major) {
        return switch (major) {
            case 10 -> POSTGRES_10;
            case 11 -> POSTGRES_11;
            case 12 -> POSTGRES_12;
            case 17 -> POSTGRES_17;
            case 18 -> POSTGRES_18;
            default -> throw new IllegalStateException("PostgreSQL " + major + " binaries were found, but TestEngine"
                    + " has no entry for that major: add POSTGRES_" + major);
        };
    }
}
