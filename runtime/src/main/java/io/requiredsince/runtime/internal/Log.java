package io.requiredsince.runtime.internal;

import java.io.PrintStream;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ResourceBundle;

/**
 * The runtime's log, {@code io.requiredsince}: one line per event, wherever it goes. In this order:
 *
 * <ol>
 *   <li>an application that chose a {@link System.LoggerFinder} of its own (log4j-jpl,
 *       slf4j-jdk-platform-logging) gets it, through {@link System.Logger};</li>
 *   <li>a {@code java.util.logging} handler set on {@code io.requiredsince} (the Maven plugin's, the
 *       command line's, an application's) gets it, through {@link System.Logger};</li>
 *   <li>an application with an SLF4J provider (Spring Boot's Logback, slf4j-simple…) gets it through
 *       SLF4J, the provider found without asking SLF4J (which would print a warning where there is
 *       none);</li>
 *   <li>where {@code java.util.logging} is as the JDK ships it (no configuration file, class or
 *       format of the application's), one line on standard error,
 *       {@code 12:00:01 requiredsince INFO  Expanded v2 …}, at JUL's levels;</li>
 *   <li>else {@code java.util.logging} as the application configured it.</li>
 * </ol>
 *
 * Each event chooses anew, so a configuration made after the first migration is honoured.
 */
public final class Log implements System.Logger {

    private static final String NAME = "io.requiredsince";
    private static final Log INSTANCE = new Log();

    private Log() {
    }

    // Looked up at the first event, not when a class takes its logger: a run with nothing to say
    // (one with nothing to do) sets up no logging.
    private static final class Sinks {
        static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
        static final System.Logger SYSTEM = System.getLogger(NAME);
        static final boolean OWN_FINDER = !"java.logging".equals(System.LoggerFinder.getLoggerFinder().getClass()
                .getModule().getName());
        static final boolean SLF4J = Slf4j.present(Log.class.getClassLoader());
        static final java.util.logging.Logger JUL = java.util.logging.Logger.getLogger(NAME);
    }

    /** The runtime's logger. */
    public static System.Logger get() {
        return INSTANCE;
    }

    @Override
    public String getName() {
        return NAME;
    }

    private enum Sink { SYSTEM, SLF4J, LINE }

    private Sink sink() {
        if (Sinks.OWN_FINDER || Sinks.JUL.getHandlers().length > 0) {
            return Sink.SYSTEM;
        }
        if (Sinks.SLF4J) {
            return Sink.SLF4J;
        }
        return julAsShipped() ? Sink.LINE : Sink.SYSTEM;
    }

    // No configuration of the application's: the root logger holds the JDK's one console handler.
    private static boolean julAsShipped() {
        java.util.logging.LogManager manager = java.util.logging.LogManager.getLogManager();
        if (System.getProperty("java.util.logging.config.file") != null
                || System.getProperty("java.util.logging.config.class") != null
                || System.getProperty("java.util.logging.SimpleFormatter.format") != null
                || manager.getProperty("java.util.logging.SimpleFormatter.format") != null) {
            return false;
        }
        java.util.logging.Handler[] root = java.util.logging.Logger.getLogger("").getHandlers();
        return root.length == 1 && root[0].getClass() == java.util.logging.ConsoleHandler.class
                && root[0].getFormatter().getClass() == java.util.logging.SimpleFormatter.class;
    }

    @Override
    public boolean isLoggable(Level level) {
        return switch (sink()) {
            case SLF4J -> Slf4j.isLoggable(NAME, level);
            default -> Sinks.SYSTEM.isLoggable(level);
        };
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
        switch (sink()) {
            case SLF4J -> Slf4j.log(NAME, level, msg, thrown);
            case LINE -> {
                if (Sinks.SYSTEM.isLoggable(level)) {
                    line(System.err, level, msg, thrown);
                }
            }
            default -> Sinks.SYSTEM.log(level, bundle, msg, thrown);
        }
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
        String msg = params == null || params.length == 0 ? format
                : java.text.MessageFormat.format(format, params);
        log(level, bundle, msg, (Throwable) null);
    }

    /** One line: the time, the name, the level, the message; a failure's own line after it. */
    static void line(PrintStream out, Level level, String msg, Throwable thrown) {
        String name = switch (level) {
            case ERROR -> "ERROR";
            case WARNING -> "WARN ";
            case INFO -> "INFO ";
            default -> "DEBUG";
        };
        out.println(LocalTime.now().format(Sinks.TIME) + " requiredsince " + name + " " + msg
                + (thrown == null ? "" : " (" + thrown + ")"));
    }
}
