/**
 * The runtime: the annotations ({@code io.requiredsince}) and the {@code Migrator} API
 * ({@code io.requiredsince.runtime}). Everything under {@code io.requiredsince.runtime.internal} stays
 * in the module.
 */
module io.requiredsince.runtime {
    exports io.requiredsince;
    exports io.requiredsince.runtime;

    // DataSource is in the API (Migrator.create, Migrator.configure).
    requires transitive java.sql;
    // jOOQ renders the SQL; no jOOQ type is in the API.
    requires org.jooq;
    // Sql quiets one of jOOQ's java.util.logging loggers. java.sql brings java.logging already;
    // it is named because the runtime uses it itself (jOOQ requires it only statically).
    requires java.logging;

    // H2 runs the fill trigger of a migration while it is expanded: a class of the runtime, which H2
    // instantiates. The runtime needs H2 only where H2 is the database.
    requires static com.h2database;
    exports io.requiredsince.runtime.internal.embedded to com.h2database;

    // The runtime logs through SLF4J where the application has it (Log), else through System.Logger.
    requires static org.slf4j;

    // Migrator finds the generated migrations with ServiceLoader.
    uses io.requiredsince.runtime.Migration;
}
