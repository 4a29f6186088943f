package io.requiredsince.cli;

import io.requiredsince.runtime.Migrator;
import io.requiredsince.runtime.ValidationException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar requiredsince-cli.jar <command> --url … --classpath app.jar}: the migrations of an
 * application, run or planned outside it (a Kubernetes Job before the rollout, a DBA's review). The
 * jar carries the JDBC drivers of every supported engine. Exit codes: {@value #OK} done,
 * {@value #FAILED} a migration failed (the database is consistent; the next run resumes),
 * {@value #USAGE} a wrong command line, {@value #INVALID} the history and the code disagree,
 * {@value #NO_DATABASE} the database could not be reached.
 */
@Command(name = "requiredsince", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Adds required columns to tables that have rows: the migrations @RequiredSince generated.",
        subcommands = {Commands.Plan.class, Commands.Migrate.class, Commands.Complete.class, Commands.Info.class,
                Commands.Validate.class, Commands.Undo.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:a migration failed; the database is left consistent and the next run resumes",
                "2:a wrong command line", "3:the history and the code disagree (validate, or migrate refusing)",
                "4:the database could not be reached"})
public final class Main {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    static final int INVALID = 3;
    static final int NO_DATABASE = 4;

    // Held for the life of the process: java.util.logging keeps loggers weakly, and a collected one
    // would lose the configuration below.
    private static final java.util.logging.Logger RUNTIME_LOG = java.util.logging.Logger.getLogger("io.requiredsince");

    private Main() {
    }

    public static void main(String[] args) {
        logOneLinePerEvent();
        System.exit(run(args, System.out, System.err, System.console() != null));
    }

    /**
     * The runtime logs through {@code System.Logger}, here java.util.logging: warnings only, one line
     * each on standard error. The progress and the report say the rest, on standard output.
     */
    private static void logOneLinePerEvent() {
        java.util.logging.Logger runtime = RUNTIME_LOG;
        java.util.logging.ConsoleHandler handler = new java.util.logging.ConsoleHandler();
        handler.setFormatter(new java.util.logging.Formatter() {
            @Override
            public String format(java.util.logging.LogRecord r) {
                return "requiredsince: " + r.getLevel().getName().toLowerCase(java.util.Locale.ROOT) + ": "
                        + formatMessage(r) + System.lineSeparator();
            }
        });
        runtime.setUseParentHandlers(false);
        runtime.addHandler(handler);
        runtime.setLevel(java.util.logging.Level.WARNING);
    }

    /** Runs one command line; returns its exit code. {@code terminal}: progress as a bar redrawn in place. */
    static int run(String[] args, PrintStream out, PrintStream err, boolean terminal) {
        CommandLine cli = new CommandLine(new Main(), new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                K made = CommandLine.defaultFactory().create(type);
                if (made instanceof Commands.Base base) {
                    base.streams(out, terminal);
                }
                return made;
            }
        });
        cli.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            line.getErr().println("requiredsince: " + e.getMessage());
            if (e instanceof ValidationException) {
                return INVALID;
            }
            if (e instanceof Commands.NoDatabaseException) {
                return NO_DATABASE;
            }
            return FAILED;
        });
        return cli.execute(args);
    }

    /** The version of the runtime the jar carries. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Migrator.class.getPackage().getImplementationVersion();
            return new String[] {"requiredsince " + (v == null ? "(development build)" : v)};
        }
    }
}
