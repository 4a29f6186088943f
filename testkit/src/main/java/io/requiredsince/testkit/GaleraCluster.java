package io.requiredsince.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.mariadb.jdbc.MariaDbDataSource;

/**
 * A real MariaDB Galera cluster of a few nodes on this machine, started from the installed server
 * ({@code mariadbd}, {@code mariadb-install-db}, galera-4's {@code libgalera_smm.so}) with state
 * transfers by {@code rsync}. Node 0 is initialised and bootstraps the cluster; the others join it
 * one at a time and receive their data from it, so every node has the same accounts, including a
 * passwordless {@code root@127.0.0.1}. When this JVM is root the servers run as root too
 * ({@code user=root}), and a joiner's data directory belongs to {@code nobody}, as whom rsync's daemon
 * writes the transferred files. Each node reads only an option file of its own (the
 * machine's {@code /etc/mysql} never applies, and the machine's own server is never touched),
 * listens on free loopback ports and keeps everything in one temporary directory, which goes with
 * the nodes on {@link #close()} or at JVM exit: a test run leaves nothing behind.
 */
public final class GaleraCluster implements AutoCloseable {

    private static final Path MARIADBD = Paths.get("/usr/sbin/mariadbd");
    private static final List<Path> INSTALL_DB = List.of(
            Paths.get("/usr/bin/mariadb-install-db"), Paths.get("/usr/bin/mysql_install_db"));
    private static final Path GALERA = Paths.get("/usr/lib/galera/libgalera_smm.so");
    private static final Path RSYNC = Paths.get("/usr/bin/rsync");
    /** Run by the server itself for a state transfer; ships with it, but is checked all the same. */
    private static final Path SST_RSYNC = Paths.get("/usr/bin/wsrep_sst_rsync");

    /** The whole start, from the first install to the last node synced. */
    private static final int START_TIMEOUT_SECONDS = 120;
    /** A graceful shutdown of all nodes, before they are killed. */
    private static final int STOP_TIMEOUT_SECONDS = 30;
    /** The defaults of the machine's other services, never used even when free. */
    private static final Set<Integer> RESERVED_PORTS = Set.of(3306, 4444, 4567, 4568);
    private static final int LOG_TAIL_LINES = 40;

    /** The clusters of this JVM still running, stopped at exit. */
    private static final Set<GaleraCluster> RUNNING = ConcurrentHashMap.newKeySet();
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static boolean hookInstalled;

    private final Path root;
    private final String name;
    private final List<Node> nodes;
    private volatile boolean stopped;

    /** One server: its directory, its ports, its process once started. */
    private static final class Node {
        final int index;
        final Path dir;
        final int port;
        final int gcommPort;
        final int istPort;
        final int sstPort;
        volatile Process process;

        Node(int index, Path dir, int port, int gcommPort, int istPort, int sstPort) {
            this.index = index;
            this.dir = dir;
            this.port = port;
            this.gcommPort = gcommPort;
            this.istPort = istPort;
            this.sstPort = sstPort;
        }

        Path dataDir() {
            return dir.resolve("data");
        }

        Path config() {
            return dir.resolve("my.cnf");
        }

        // Outside the data directory: a state transfer replaces what is in there.
        Path errorLog() {
            return dir.resolve("error.log");
        }

        Path output() {
            return dir.resolve("output.log");
        }

        Path socket() {
            return dir.resolve("mysqld.sock");
        }
    }

    private GaleraCluster(Path root, String name, List<Node> nodes) {
        this.root = root;
        this.name = name;
        this.nodes = nodes;
    }

    /** Whether the server, its installer, the Galera provider and rsync are installed here. */
    public static boolean available() {
        return missing().isEmpty();
    }

    private static List<String> missing() {
        List<String> missing = new ArrayList<>();
        if (!Files.isExecutable(MARIADBD)) {
            missing.add(MARIADBD.toString());
        }
        if (installDb() == null) {
            missing.add(INSTALL_DB.get(0) + " (or " + INSTALL_DB.get(1) + ")");
        }
        if (!Files.isReadable(GALERA)) {
            missing.add(GALERA.toString());
        }
        if (!Files.isExecutable(RSYNC)) {
            missing.add(RSYNC.toString());
        }
        if (!Files.isExecutable(SST_RSYNC)) {
            missing.add(SST_RSYNC.toString());
        }
        return missing;
    }

    private static Path installDb() {
        return INSTALL_DB.stream().filter(Files::isExecutable).findFirst().orElse(null);
    }

    /** Starts a cluster of {@code nodes} nodes and returns once every one of them is synced. */
    public static GaleraCluster start(int nodes) {
        return start(nodes, List.of());
    }

    /**
     * Starts a cluster of {@code nodes} nodes, each also given {@code extraOptions} (server options
     * such as {@code --wsrep_max_ws_rows=5000}), and returns once every one of them is synced.
     */
    public static GaleraCluster start(int nodes, List<String> extraOptions) {
        if (nodes < 1) {
            throw new IllegalArgumentException("A cluster needs at least one node, not " + nodes);
        }
        List<String> extra = List.copyOf(extraOptions);
        List<String> missing = missing();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("Cannot start a Galera cluster, not installed: " + String.join(", ", missing));
        }
        installHook();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_SECONDS);
        GaleraCluster cluster;
        try {
            Path root = Files.createTempDirectory("requiredsince-galera-");
            List<Integer> ports = freePorts(4 * nodes);
            List<Node> list = new ArrayList<>();
            for (int i = 0; i < nodes; i++) {
                Path dir = Files.createDirectory(root.resolve("node" + i));
                list.add(new Node(i, dir, ports.get(4 * i), ports.get(4 * i + 1), ports.get(4 * i + 2), ports.get(4 * i + 3)));
            }
            cluster = new GaleraCluster(root, "requiredsince_test_" + ProcessHandle.current().pid() + "_"
                    + COUNTER.incrementAndGet(), List.copyOf(list));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not prepare a Galera cluster", e);
        }
        RUNNING.add(cluster);
        try {
            cluster.boot(extra, deadline);
            return cluster;
        } catch (IOException e) {
            cluster.close();
            throw new UncheckedIOException("Could not start a Galera cluster of " + nodes + " nodes", e);
        } catch (RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    private void boot(List<String> extra, long deadline) throws IOException {
        boolean asRoot = isRoot();
        if (asRoot) {
            Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx--x--x"));
        }
        for (Node node : nodes) {
            Files.createDirectory(node.dataDir());
            Files.createDirectory(node.dir.resolve("tmp"));
            Files.writeString(node.config(), config(node), StandardCharsets.UTF_8);
            if (asRoot && node.index > 0) {
                // rsync's daemon, which receives a joiner's state, leaves root for nobody before it writes.
                Files.setPosixFilePermissions(node.dir, PosixFilePermissions.fromString("rwx--x--x"));
                Files.setOwner(node.dataDir(), Paths.get("/").getFileSystem().getUserPrincipalLookupService()
                        .lookupPrincipalByName("nobody"));
            }
        }
        // Only the first node is initialised: the others get its data, accounts included, by state transfer.
        Node first = nodes.get(0);
        List<String> install = new ArrayList<>(List.of(installDb().toString(), "--no-defaults",
                "--datadir=" + first.dataDir(), "--auth-root-authentication-method=normal",
                "--skip-test-db", "--skip-name-resolve", "--innodb_buffer_pool_size=64M", "--innodb_log_file_size=48M"));
        if (asRoot) {
            install.add("--user=root");
        }
        runInstall(first, install, deadline);

        startNode(first, true, extra);
        awaitSynced(first, 1, deadline);
        checkRootOverTcp(first);
        for (int i = 1; i < nodes.size(); i++) {
            Node node = nodes.get(i);
            startNode(node, false, extra);
            awaitSynced(node, i + 1, deadline);
        }
        for (Node node : nodes) {
            awaitSynced(node, nodes.size(), deadline);
        }
    }

    private String config(Node node) {
        String peers = nodes.stream().map(n -> "127.0.0.1:" + n.gcommPort).collect(Collectors.joining(","));
        StringBuilder cnf = new StringBuilder();
        cnf.append("[mysqld]\n");
        if (isRoot()) {
            cnf.append("user=root\n");
        }
        cnf.append("datadir=").append(node.dataDir()).append('\n')
                .append("tmpdir=").append(node.dir.resolve("tmp")).append('\n')
                .append("socket=").append(node.socket()).append('\n')
                .append("pid-file=").append(node.dir.resolve("mysqld.pid")).append('\n')
                .append("log-error=").append(node.errorLog()).append('\n')
                .append("port=").append(node.port).append('\n')
                .append("bind-address=127.0.0.1\n")
                .append("skip-name-resolve\n")
                .append("character-set-server=utf8mb4\n")
                .append("collation-server=utf8mb4_general_ci\n")
                .append("max_connections=200\n")
                .append("default_storage_engine=InnoDB\n")
                .append("binlog_format=ROW\n")
                .append("innodb_autoinc_lock_mode=2\n")
                .append("innodb_buffer_pool_size=64M\n")
                .append("innodb_log_file_size=48M\n")
                .append("innodb_flush_log_at_trx_commit=2\n")
                .append("wsrep_on=ON\n")
                .append("wsrep_provider=").append(GALERA).append('\n')
                .append("wsrep_cluster_name=").append(name).append('\n')
                .append("wsrep_cluster_address=gcomm://").append(peers).append('\n')
                .append("wsrep_node_name=node").append(node.index).append('\n')
                .append("wsrep_node_address=127.0.0.1:").append(node.gcommPort).append('\n')
                .append("wsrep_node_incoming_address=127.0.0.1:").append(node.port).append('\n')
                .append("wsrep_provider_options=\"base_host=127.0.0.1;base_port=").append(node.gcommPort)
                .append(";gmcast.listen_addr=tcp://127.0.0.1:").append(node.gcommPort)
                .append(";ist.recv_addr=127.0.0.1:").append(node.istPort)
                .append(";gcache.size=32M\"\n")
                .append("wsrep_sst_method=rsync\n")
                .append("wsrep_sst_receive_address=127.0.0.1:").append(node.sstPort).append('\n');
        return cnf.toString();
    }

    private void runInstall(Node node, List<String> command, long deadline) throws IOException {
        Path log = node.dir.resolve("install-db.log");
        Process p = processBuilder(command, node).redirectOutput(log.toFile()).start();
        try {
            if (!p.waitFor(Math.max(1, remainingSeconds(deadline)), TimeUnit.SECONDS)) {
                kill(p);
                throw new IOException(String.join(" ", command) + " timed out:\n" + tail(log));
            }
        } catch (InterruptedException e) {
            kill(p);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " exited with " + p.exitValue() + ":\n" + tail(log));
        }
    }

    private void startNode(Node node, boolean bootstrap, List<String> extra) throws IOException {
        // The option file must come first; nothing else is read, and the state transfer scripts read it too.
        List<String> command = new ArrayList<>(List.of(MARIADBD.toString(), "--defaults-file=" + node.config()));
        if (bootstrap) {
            command.add("--wsrep-new-cluster");
        }
        command.addAll(extra);
        synchronized (this) {
            if (stopped) {
                throw new IllegalStateException("Galera cluster " + name + " was closed while starting");
            }
            // Output goes to a file: the state transfer scripts inherit the streams, and a pipe could fill up.
            node.process = processBuilder(command, node).redirectOutput(node.output().toFile()).start();
        }
    }

    private ProcessBuilder processBuilder(List<String> command, Node node) {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(Paths.get("/dev/null").toFile()));
        Map<String, String> env = pb.environment();
        // Client and server variables of the caller's shell must not point the nodes elsewhere.
        env.keySet().removeIf(k -> k.startsWith("MYSQL_") || k.startsWith("MARIADB_"));
        env.put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin" + (env.containsKey("PATH") ? ":" + env.get("PATH") : ""));
        env.put("TMPDIR", node.dir.resolve("tmp").toString());
        return pb;
    }

    private void awaitSynced(Node node, int clusterSize, long deadline) {
        String last = "no answer yet";
        while (true) {
            Process p = node.process;
            if (p == null || !p.isAlive()) {
                throw new IllegalStateException("Galera node " + node.index + " exited"
                        + (p == null ? "" : " with " + p.exitValue()) + " while waiting for it to be synced"
                        + " in a cluster of " + clusterSize + " (last: " + last + ")" + logs(node));
            }
            try (Connection c = DriverManager.getConnection(jdbcUrl(node.index, "")
                    + "&connectTimeout=2000&socketTimeout=5000"); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SHOW GLOBAL STATUS WHERE Variable_name IN"
                            + " ('wsrep_local_state_comment', 'wsrep_cluster_size', 'wsrep_ready')")) {
                Map<String, String> status = new HashMap<>();
                while (rs.next()) {
                    status.put(rs.getString(1).toLowerCase(java.util.Locale.ROOT), rs.getString(2));
                }
                last = "state " + status.get("wsrep_local_state_comment") + ", cluster size "
                        + status.get("wsrep_cluster_size") + ", ready " + status.get("wsrep_ready");
                if ("Synced".equals(status.get("wsrep_local_state_comment"))
                        && String.valueOf(clusterSize).equals(status.get("wsrep_cluster_size"))
                        && "ON".equals(status.get("wsrep_ready"))) {
                    return;
                }
            } catch (SQLException e) {
                last = e.getMessage();
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("Galera node " + node.index + " (port " + node.port
                        + ") was not synced in a cluster of " + clusterSize + " within " + START_TIMEOUT_SECONDS
                        + " s (last: " + last + ")" + logs(node));
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for Galera node " + node.index, e);
            }
        }
    }

    private void checkRootOverTcp(Node node) {
        try (Connection c = DriverManager.getConnection(jdbcUrl(node.index, "") + "&connectTimeout=2000");
                Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT CURRENT_USER()")) {
            rs.next();
            if (!"root@127.0.0.1".equals(rs.getString(1)) && !"root@localhost".equals(rs.getString(1))) {
                throw new IllegalStateException("Galera node " + node.index + " took root over TCP as " + rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Galera node " + node.index + " refuses root over TCP" + logs(node), e);
        }
    }

    private String logs(Node node) {
        StringBuilder out = new StringBuilder();
        out.append("\n--- node ").append(node.index).append(' ').append(node.errorLog()).append(" (tail) ---\n")
                .append(tail(node.errorLog()));
        String output = tail(node.output());
        if (!output.isBlank()) {
            out.append("\n--- node ").append(node.index).append(" output (tail) ---\n").append(output);
        }
        if (node.index != 0) {
            // A joiner's state comes from a donor, whose side of a failed transfer is in its own log.
            for (Node donor : nodes.subList(0, node.index)) {
                out.append("\n--- node ").append(donor.index).append(' ').append(donor.errorLog())
                        .append(" (state transfers and errors) ---\n").append(transferLines(donor.errorLog()));
            }
        }
        return out.toString();
    }

    private static String transferLines(Path file) {
        try {
            if (!Files.exists(file)) {
                return "(no " + file.getFileName() + ")";
            }
            List<String> lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1).stream()
                    .filter(l -> l.contains("WSREP_SST") || l.contains("rsync") || l.contains("[ERROR]"))
                    .collect(Collectors.toList());
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }

    private static String tail(Path file) {
        try {
            if (!Files.exists(file)) {
                return "(no " + file.getFileName() + ")";
            }
            List<String> lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }

    /** The number of nodes. */
    public int size() {
        return nodes.size();
    }

    /** The port node {@code node} serves clients on, at 127.0.0.1. */
    public int port(int node) {
        return nodes.get(Objects.checkIndex(node, nodes.size())).port;
    }

    /** {@code jdbc:mariadb://127.0.0.1:port/database?user=root} for node {@code node}; database may be empty. */
    public String jdbcUrl(int node, String database) {
        return "jdbc:mariadb://127.0.0.1:" + port(node) + "/" + database + "?user=root";
    }

    /** A data source on a database of node {@code node}, as {@code root}; database may be empty. */
    public DataSource dataSource(int node, String database) {
        try {
            return new MariaDbDataSource(jdbcUrl(node, database));
        } catch (SQLException e) {
            throw new IllegalArgumentException("Bad database name " + database, e);
        }
    }

    /** Creates a database on node 0, from which Galera replicates it to every node. */
    public void createDatabase(String database) {
        try (Connection c = dataSource(0, "").getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE `" + database.replace("`", "``") + "`");
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + database, e);
        }
    }

    /** Stops every node and deletes the cluster's directory. */
    @Override
    public void close() {
        stopQuietly();
    }

    private static synchronized void installHook() {
        if (!hookInstalled) {
            hookInstalled = true;
            Runtime.getRuntime().addShutdownHook(new Thread(GaleraCluster::atExit, "galera-cluster-stop"));
        }
    }

    private static void atExit() {
        for (GaleraCluster cluster : List.copyOf(RUNNING)) {
            cluster.stopQuietly();
        }
    }

    private void stopQuietly() {
        List<Process> processes = new ArrayList<>();
        synchronized (this) {
            if (stopped) {
                return;
            }
            stopped = true;
            for (Node node : nodes) {
                if (node.process != null) {
                    processes.add(node.process);
                }
            }
        }
        RUNNING.remove(this);
        // A state transfer's script and rsync run under the server: they go with it.
        List<ProcessHandle> descendants = new ArrayList<>();
        for (Process p : processes) {
            p.descendants().forEach(descendants::add);
            p.destroy();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STOP_TIMEOUT_SECONDS);
        for (Process p : processes) {
            try {
                if (!p.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    System.err.println("Galera node of cluster " + name + " did not stop within "
                            + STOP_TIMEOUT_SECONDS + " s, killing it");
                    kill(p);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                kill(p);
            }
        }
        for (ProcessHandle h : descendants) {
            h.destroyForcibly();
        }
        // A node that died leaves its transfer's processes to init: they are found by the directory they work in.
        String dir = root.toString();
        ProcessHandle.allProcesses()
                .filter(h -> h.pid() != ProcessHandle.current().pid())
                .filter(h -> h.info().commandLine().map(c -> c.contains(dir)).orElse(false))
                .forEach(ProcessHandle::destroyForcibly);
        deleteTree(root);
    }

    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long remainingSeconds(long deadline) {
        return TimeUnit.NANOSECONDS.toSeconds(deadline - System.nanoTime());
    }

    private static boolean isRoot() {
        try {
            Object uid = Files.getAttribute(Paths.get("/proc/self"), "unix:uid");
            return Integer.valueOf(0).equals(uid);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    /** Distinct free loopback ports, all held open while choosing so none is picked twice. */
    private static List<Integer> freePorts(int count) throws IOException {
        List<ServerSocket> held = new ArrayList<>();
        try {
            List<Integer> ports = new ArrayList<>();
            while (ports.size() < count) {
                ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                held.add(s);
                if (!RESERVED_PORTS.contains(s.getLocalPort())) {
                    ports.add(s.getLocalPort());
                }
            }
            return ports;
        } finally {
            for (ServerSocket s : held) {
                s.close();
            }
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
