package io.requiredsince.runtime.internal;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The engine and version behind a connection, read from its JDBC metadata.
 *
 * @param engine the engine
 * @param major the major version
 * @param minor the minor version
 * @param version the full version as the server reports it
 * @param foldsToUpperCase whether unquoted identifiers are stored in upper case (H2, HSQLDB, Derby)
 */
public record EngineInfo(Engine engine, int major, int minor, String version, boolean foldsToUpperCase) {

    private static final Pattern MARIADB_VERSION = Pattern.compile("(?:5\\.5\\.5-)?(\\d+)\\.(\\d+)[^-]*-MariaDB.*",
            Pattern.CASE_INSENSITIVE);

    /** Detects the engine of {@code connection}; an engine we do not support is a clear error. */
    public static EngineInfo detect(Connection connection) throws SQLException {
        DatabaseMetaData meta = connection.getMetaData();
        String product = meta.getDatabaseProductName();
        String version = meta.getDatabaseProductVersion();
        int major = meta.getDatabaseMajorVersion();
        int minor = meta.getDatabaseMinorVersion();
        boolean upper = meta.storesUpperCaseIdentifiers();
        String p = product.toLowerCase(Locale.ROOT);
        Engine engine;
        if (p.contains("postgres")) {
            engine = Engine.POSTGRES;
        } else if (p.contains("mariadb") || version.toLowerCase(Locale.ROOT).contains("mariadb")) {
            engine = Engine.MARIADB;
            // MySQL's driver reports MariaDB as "5.5.5-10.11.6-MariaDB": the real version follows.
            Matcher m = MARIADB_VERSION.matcher(version);
            if (m.matches()) {
                major = Integer.parseInt(m.group(1));
                minor = Integer.parseInt(m.group(2));
            }
        } else if (p.contains("mysql")) {
            engine = Engine.MYSQL;
        } else if (p.contains("sqlite")) {
            engine = Engine.SQLITE;
        } else if (p.equals("h2")) {
            engine = Engine.H2;
        } else if (p.contains("hsql")) {
            engine = Engine.HSQLDB;
        } else if (p.contains("derby")) {
            engine = Engine.DERBY;
        } else {
            throw new IllegalStateException("Unsupported database \"" + product + " " + version
                    + "\": requiredsince supports PostgreSQL, MySQL, MariaDB, SQLite, H2, HSQLDB and Derby");
        }
        return new EngineInfo(engine, major, minor, version, upper);
    }

    /** Whether the version is at least {@code major.minor}. */
    public boolean atLeast(int major, int minor) {
        return this.major > major || this.major == major && this.minor >= minor;
    }

    /** {@code PostgreSQL 17.6}. */
    public String describe() {
        return engine.displayName() + " " + major + "." + minor;
    }
}
