package io.requiredsince.runtime.internal;

/**
 * The engine and version behind a connection, as {@link Engines#detect} read them.
 *
 * @param engine the engine
 * @param major the major version
 * @param minor the minor version
 * @param version the full version as the server reports it
 * @param foldsToUpperCase whether unquoted identifiers are stored in upper case (H2, HSQLDB, Derby)
 */
public record EngineInfo(Engine engine, int major, int minor, String version, boolean foldsToUpperCase) {

    /** Whether the version is at least {@code major.minor}. */
    public boolean atLeast(int major, int minor) {
        return this.major > major || this.major == major && this.minor >= minor;
    }

    /** {@code PostgreSQL 17.6}. */
    public String describe() {
        return engine.displayName() + " " + major + "." + minor;
    }
}
