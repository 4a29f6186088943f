package io.requiredsince.runtime;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * A {@link MigrationListener} that shows a migration's progress to a person: on a terminal a bar
 * redrawn in place, otherwise (a log file, a CI job) plain lines about once a second during a
 * backfill; a line per step when it is done.
 * {@code Migrator.configure(dataSource).listener(ConsoleProgress.toStandardOutput()).load().migrate()}.
 */
public final class ConsoleProgress implements MigrationListener {

    private static final int WIDTH = 30;
    private final PrintStream out;
    private final boolean terminal;
    private long lastLine;

    /**
     * @param out where the lines go
     * @param terminal whether {@code out} is a terminal: a bar redrawn in place, rather than lines
     */
    public ConsoleProgress(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    /** To standard output: a bar when it is a terminal, lines otherwise. */
    public static ConsoleProgress toStandardOutput() {
        return new ConsoleProgress(System.out, System.console() != null);
    }

    @Override
    public void stepStarted(String migration, String step, String sql) {
        // Said when the step is done, in one line: most steps take milliseconds.
    }

    @Override
    public void batchDone(BackfillProgress p) {
        String line = String.format(Locale.ROOT, "%,d/%,d rows, %,.0f rows/s, ETA %s", p.rowsDone(), p.rowsTotal(),
                p.rowsPerSecond(), eta(p.eta()));
        if (terminal) {
            int filled = (int) Math.round(p.fraction() * WIDTH);
            out.print("\r  " + p.migration() + " " + p.step() + " [" + "#".repeat(filled) + ".".repeat(WIDTH - filled)
                    + "] " + String.format(Locale.ROOT, "%3.0f%% ", p.fraction() * 100) + line + "   ");
            out.flush();
        } else if (System.nanoTime() - lastLine > 1_000_000_000L || p.rowsDone() >= p.rowsTotal()) {
            lastLine = System.nanoTime();
            out.println("    " + p.migration() + " " + p.step() + ": " + line);
        }
    }

    @Override
    public void stepFinished(String migration, String step, long rows, Duration took) {
        if (terminal && rows > 0) {
            out.println();
        }
        out.printf(Locale.ROOT, "  %s: %s, %s%,d ms%n", migration, step,
                rows > 0 ? String.format(Locale.ROOT, "%,d row(s), ", rows) : "", took.toMillis());
    }

    private static String eta(Duration d) {
        return d.toSeconds() > 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
