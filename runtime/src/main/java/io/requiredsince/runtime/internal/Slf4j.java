package io.requiredsince.runtime.internal;

/**
 * {@link Log}'s way into SLF4J, loaded only where SLF4J is: its API with a provider, SLF4J 2's
 * (a {@code META-INF/services/org.slf4j.spi.SLF4JServiceProvider}) or 1.7's
 * ({@code org.slf4j.impl.StaticLoggerBinder}). Without one, SLF4J is never called: it would print a
 * warning of its own.
 */
final class Slf4j {

    private Slf4j() {
    }

    static boolean present(ClassLoader loader) {
        ClassLoader l = loader != null ? loader : ClassLoader.getSystemClassLoader();
        try {
            Class.forName("org.slf4j.LoggerFactory", false, l);
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
        if (l.getResource("META-INF/services/org.slf4j.spi.SLF4JServiceProvider") != null) {
            return true;
        }
        try {
            Class.forName("org.slf4j.impl.StaticLoggerBinder", false, l);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    static boolean isLoggable(String name, System.Logger.Level level) {
        org.slf4j.Logger logger = org.slf4j.LoggerFactory.getLogger(name);
        return switch (level) {
            case ERROR -> logger.isErrorEnabled();
            case WARNING -> logger.isWarnEnabled();
            case INFO -> logger.isInfoEnabled();
            case DEBUG -> logger.isDebugEnabled();
            case TRACE, ALL -> logger.isTraceEnabled();
            case OFF -> false;
        };
    }

    static void log(String name, System.Logger.Level level, String msg, Throwable thrown) {
        org.slf4j.Logger logger = org.slf4j.LoggerFactory.getLogger(name);
        switch (level) {
            case ERROR -> logger.error(msg, thrown);
            case WARNING -> logger.warn(msg, thrown);
            case INFO -> logger.info(msg, thrown);
            case DEBUG -> logger.debug(msg, thrown);
            case TRACE, ALL -> logger.trace(msg, thrown);
            case OFF -> { }
        }
    }
}
