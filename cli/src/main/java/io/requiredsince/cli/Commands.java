package io.requiredsince.cli;

import io.requiredsince.runtime.ConsoleProgress;
import io.requiredsince.runtime.MigrationInfo;
import io.requiredsince.runtime.MigrationReport;
import io.requiredsince.runtime.Migrator;
import io.requiredsince.runtime.UndoResult;
import io.requiredsince.runtime.ValidationReport;
import java.io.File;
import java.io.PrintStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The commands; each reaches the database through {@code --url} and finds the migrations on {@code --classpath}. */
final class Commands {

    private Commands() {
    }

    /** The database could not be reached: exit code {@value Main#NO_DATABASE}. */
    static final class NoDatabaseException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NoDatabaseException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** {@code --json}, for the commands that print a result. */
    static final class JsonOption {
        @Option(names = "--json", description = "Prints the result as JSON")
        boolean on;
    }

    /** What every command takes. */
    abstract static class Base implements Callable<Integer> {

        @Option(names = "--url", required = true, paramLabel = "JDBC_URL",
                description = "The database, e.g. jdbc:postgresql://db:5432/app (drivers for PostgreSQL, MySQL,"
                        + " MariaDB, SQLite, H2, HSQLDB and Derby are inside)")
        String url;

        @Option(names = "--user", description = "The user, unless the URL names one")
        String user;

        @Option(names = "--password", description = "The password; default: the environment variable"
                + " REQUIREDSINCE_PASSWORD", defaultValue = "${env:REQUIREDSINCE_PASSWORD}")
        String password;

        @Option(names = "--classpath", required = true, split = "[:;]", paramLabel = "JAR_OR_DIR",
                description = "The application's jars or class directories that hold its generated migrations"
                        + " (':'-separated)")
        List<File> classpath;

        @Option(names = "--history-table", paramLabel = "[SCHEMA.]TABLE",
                description = "The history table (default: requiredsince_history)")
        String historyTable;

        @Option(names = "--lock-timeout", paramLabel = "SECONDS", description = "How long to wait for another"
                + " migrator (default: 300)")
        Integer lockTimeoutSeconds;

        @Option(names = "--complete-immediately", description = "Expand and complete each migration at once (one"
                + " application instance; default: expand, and complete at the next version or with 'complete')")
        boolean completeImmediately;

        PrintStream out;
        boolean terminal;

        void streams(PrintStream out, boolean terminal) {
            this.out = out;
            this.terminal = terminal;
        }

        Migrator.Builder configure() {
            ClassLoader app = classLoader();
            Migrator.Builder builder = Migrator.configure(url, user, password, app).classLoader(app);
            reachable();
            if (historyTable != null) {
                builder.historyTable(historyTable);
            }
            if (lockTimeoutSeconds != null) {
                builder.lockTimeout(Duration.ofSeconds(lockTimeoutSeconds));
            }
            return builder.completeImmediately(completeImmediately);
        }

        /** Runs {@code run} with progress on the console (unless JSON), and prints its report. */
        Integer report(JsonOption json, java.util.function.Function<Migrator, MigrationReport> run) {
            Migrator.Builder builder = configure();
            if (!json.on) {
                builder.listener(new ConsoleProgress(out, terminal));
            }
            MigrationReport report = run.apply(builder.load());
            out.print(json.on ? Json.of(report) + "\n" : report);
            return Main.OK;
        }

        // The database answers before a command starts, so that "cannot reach" has its own exit code.
        private void reachable() {
            Properties props = new Properties();
            if (user != null) {
                props.setProperty("user", user);
            }
            if (password != null && !password.isEmpty()) {
                props.setProperty("password", password);
            }
            try (Connection c = DriverManager.getConnection(url, props)) {
                c.isValid(5);
            } catch (SQLException e) {
                throw new NoDatabaseException("cannot reach " + url + ": " + e.getMessage(), e);
            }
        }

        private ClassLoader classLoader() {
            List<URL> urls = new ArrayList<>();
            for (File f : classpath) {
                if (!f.exists()) {
                    throw new IllegalArgumentException("--classpath names " + f + ", which does not exist");
                }
                try {
                    urls.add(f.toURI().toURL());
                } catch (MalformedURLException e) {
                    throw new IllegalArgumentException("--classpath names " + f + ": " + e.getMessage(), e);
                }
            }
            return new URLClassLoader(urls.toArray(URL[]::new), Main.class.getClassLoader());
        }

    }

    @Command(name = "plan", description = "Prints the pending migrations as a SQL script a DBA can review and run"
            + " (nothing is changed)")
    static final class Plan extends Base {
        @Option(names = "--out", paramLabel = "FILE", description = "Writes the script to FILE instead")
        Path file;

        @Override
        public Integer call() throws Exception {
            String script = configure().load().planScript();
            if (file != null) {
                Files.writeString(file, script, StandardCharsets.UTF_8);
                out.println("Wrote the plan to " + file);
            } else {
                out.print(script);
            }
            return Main.OK;
        }
    }

    @Command(name = "migrate", description = "Applies every pending migration: expands it, so the version still"
            + " running keeps inserting; completes the ones a version before expanded")
    static final class Migrate extends Base {
        @Mixin
        JsonOption json;

        @Override
        public Integer call() {
            return report(json, Migrator::migrate);
        }
    }

    @Command(name = "complete", description = "Completes every expanded migration, once no instance of the version"
            + " before runs: the column becomes required of every insert")
    static final class Complete extends Base {
        @Mixin
        JsonOption json;

        @Override
        public Integer call() {
            return report(json, Migrator::complete);
        }
    }

    @Command(name = "info", description = "Lists every migration: applied, failed or pending")
    static final class Info extends Base {
        @Mixin
        JsonOption json;

        @Override
        public Integer call() {
            List<MigrationInfo> infos = configure().load().info();
            out.print(json.on ? Json.of(infos) + "\n" : infos);
            return Main.OK;
        }
    }

    @Command(name = "validate", description = "Compares the history with the code; exit code 3 when they disagree")
    static final class Validate extends Base {
        @Mixin
        JsonOption json;

        @Override
        public Integer call() {
            ValidationReport report = configure().load().validate();
            out.print(json.on ? Json.of(report) + "\n" : report.isValid() && report.warnings().isEmpty()
                    ? "The history and the code agree.\n" : report + "\n");
            return report.isValid() ? Main.OK : Main.INVALID;
        }
    }

    @Command(name = "undo", description = "Reverts the latest applied migration, or every one above VERSION")
    static final class Undo extends Base {
        @Parameters(arity = "0..1", paramLabel = "VERSION", description = "Reverts every migration above it")
        String version;

        @Option(names = "--force", description = "Drops a column even when it holds values other than the backfill")
        boolean force;

        @Mixin
        JsonOption json;

        @Override
        public Integer call() {
            Migrator migrator = configure().forceUndo(force).load();
            List<UndoResult> undone = version == null ? migrator.undo() : migrator.undo(version);
            if (json.on) {
                out.println(Json.of(undone));
            } else if (undone.isEmpty()) {
                out.println("Nothing to undo.");
            } else {
                for (UndoResult u : undone) {
                    out.println("Undid " + (u.version().isNone() ? "" : "v" + u.version() + " ") + u.script() + ": "
                            + String.join("; ", u.statements()));
                }
            }
            return Main.OK;
        }
    }

}
