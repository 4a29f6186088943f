package io.requiredsince.runtime.internal;

import io.requiredsince.runtime.internal.embedded.EmbeddedSupport;
import io.requiredsince.runtime.internal.mysql.MySqlSupport;
import io.requiredsince.runtime.internal.postgres.PostgresSupport;
import io.requiredsince.runtime.internal.sqlite.SqliteSupport;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place that tells engines apart: reads the connection's JDBC metadata once and hands back
 * that engine's {@link EngineSupport}. Nothing else in the runtime asks which engine it runs on.
 */
public final class Engines {

    // Compiled where it is needed only: telling any other engine apart compiles no expression.
    private static final class MariaDb {
        static final Pattern VERSION = Pattern.compile("(?:5\\.5\\.5-)?(\\d+)\\.(\\d+)[^-]*-MariaDB.*",
                Pattern.CASE_INSENSITIVE);
    }

    private Engines() {
    }

    /** The support for the engine behind {@code connection}; an engine we do not support is a clear error. */
    public static EngineSupport detect(Connection connection) throws SQLException {
        return forEngine(info(connection));
    }

    /** The support for a known engine and version (also for rendering without a connection). */
    public static EngineSupport forEngine(EngineInfo info) {
        return switch (info.engine()) {
            case POSTGRES -> new PostgresSupport(info);
            case MYSQL, MARIADB -> new MySqlSupport(info);
            case SQLITE -> new SqliteSupport(info);
            case H2, HSQLDB, DERBY -> new EmbeddedSupport(info);
        };
    }

    /** The engine and version of {@code connection}. */
    public static EngineInfo info(Connection connection) throws SQLException {
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
            Matcher m = MariaDb.VERSION.matcher(version);
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
            throw Message.UNSUPPORTED_DATABASE.failure(product, version);
        }
        return new EngineInfo(engine, major, minor, version, upper);
    }
}
