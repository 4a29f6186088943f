package io.requiredsince.maven;

import io.requiredsince.runtime.ConsoleProgress;
import io.requiredsince.runtime.MigrationException;
import io.requiredsince.runtime.Migrator;
import java.io.File;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.artifact.DependencyResolutionRequiredException;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * What every goal takes, configured like flyway-maven-plugin: {@code <url>}, {@code <user>},
 * {@code <password>} in the plugin's {@code <configuration>} or {@code -Drequiredsince.url=…}. The
 * migrations and the JDBC driver come from the project: its compiled classes (run {@code compile}
 * first) and its runtime dependencies.
 */
abstract class RequiredSinceMojo extends AbstractMojo {

    /** The database's JDBC URL. */
    @Parameter(property = "requiredsince.url")
    String url;

    /** The user, unless the URL names one. */
    @Parameter(property = "requiredsince.user")
    String user;

    /** The password. */
    @Parameter(property = "requiredsince.password")
    String password;

    /** The history table, {@code [schema.]table} (default {@code requiredsince_history}). */
    @Parameter(property = "requiredsince.historyTable")
    String historyTable;

    /** How long to wait for another migrator, in seconds (default 300). */
    @Parameter(property = "requiredsince.lockTimeout")
    Integer lockTimeoutSeconds;

    /**
     * Expands and completes each migration at once (one application instance). By default
     * {@code migrate} expands, and the next version's {@code migrate} or the {@code complete} goal completes.
     */
    @Parameter(property = "requiredsince.completeImmediately", defaultValue = "false")
    boolean completeImmediately;

    /** Skips the goal. */
    @Parameter(property = "requiredsince.skip", defaultValue = "false")
    boolean skip;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    MavenProject project;

    /** The goal's work, with a migrator on the project's migrations and database. */
    abstract void run(Migrator.Builder migrator) throws MojoExecutionException, MojoFailureException;

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("requiredsince: skipped");
            return;
        }
        if (url == null || url.isBlank()) {
            throw new MojoFailureException("requiredsince: no database to work on. Give its JDBC URL in the plugin's"
                    + " <configuration><url>jdbc:postgresql://db:5432/app</url></configuration>, or on the command"
                    + " line: -Drequiredsince.url=jdbc:… (with -Drequiredsince.user and -Drequiredsince.password)");
        }
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        java.util.logging.Logger runtimeLog = java.util.logging.Logger.getLogger("io.requiredsince");
        java.util.logging.Handler toMaven = new MavenLogHandler();
        boolean parents = runtimeLog.getUseParentHandlers();
        runtimeLog.addHandler(toMaven);
        runtimeLog.setUseParentHandlers(false);
        try (URLClassLoader app = projectClassLoader()) {
            thread.setContextClassLoader(app);
            Migrator.Builder builder = Migrator.configure(url, user, password, app).classLoader(app);
            if (historyTable != null) {
                builder.historyTable(historyTable);
            }
            if (lockTimeoutSeconds != null) {
                builder.lockTimeout(Duration.ofSeconds(lockTimeoutSeconds));
            }
            run(builder.completeImmediately(completeImmediately));
        } catch (MigrationException e) {
            throw new MojoFailureException("requiredsince: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new MojoExecutionException("requiredsince: " + e.getMessage(), e);
        } finally {
            thread.setContextClassLoader(before);
            runtimeLog.removeHandler(toMaven);
            runtimeLog.setUseParentHandlers(parents);
        }
    }

    /**
     * The runtime's log (System.Logger, here java.util.logging) as Maven's, one line per event:
     * warnings and errors as such, the rest at debug level, since the progress and the report say it.
     */
    private final class MavenLogHandler extends java.util.logging.Handler {
        @Override
        public void publish(java.util.logging.LogRecord r) {
            String message = "requiredsince: " + new java.util.logging.SimpleFormatter().formatMessage(r);
            int level = r.getLevel().intValue();
            if (level >= java.util.logging.Level.SEVERE.intValue()) {
                getLog().error(message);
            } else if (level >= java.util.logging.Level.WARNING.intValue()) {
                getLog().warn(message);
            } else {
                getLog().debug(message);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    /** A progress display on Maven's console. */
    static ConsoleProgress progress() {
        return ConsoleProgress.toStandardOutput();
    }

    // The project's classes and runtime dependencies, with this plugin's runtime classes first, so
    // that the project's migrations implement the Migration type the plugin's runtime knows.
    private URLClassLoader projectClassLoader() throws MojoExecutionException {
        List<URL> urls = new ArrayList<>();
        try {
            for (String element : project.getRuntimeClasspathElements()) {
                urls.add(new File(element).toURI().toURL());
            }
        } catch (DependencyResolutionRequiredException | MalformedURLException e) {
            throw new MojoExecutionException("requiredsince: cannot read the project's classpath: " + e.getMessage(), e);
        }
        return new ProjectClassLoader(urls.toArray(URL[]::new), getClass().getClassLoader());
    }

    /**
     * The project's classes over the plugin's. One class of the runtime is defined here rather than
     * in the plugin's realm: the fill trigger H2 instantiates, which implements H2's trigger interface
     * and so must see H2, the project's driver.
     */
    static final class ProjectClassLoader extends URLClassLoader {
        private static final String H2_FILL = "io.requiredsince.runtime.internal.embedded.H2Fill";

        ProjectClassLoader(URL[] urls, ClassLoader plugin) {
            super(urls, plugin);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.equals(H2_FILL)) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                if (loaded == null) {
                    String resource = name.replace('.', '/') + ".class";
                    try (java.io.InputStream in = getParent().getResourceAsStream(resource)) {
                        if (in == null) {
                            throw new ClassNotFoundException(name);
                        }
                        byte[] bytes = in.readAllBytes();
                        loaded = defineClass(name, bytes, 0, bytes.length);
                    } catch (IOException e) {
                        throw new ClassNotFoundException(name, e);
                    }
                }
                if (resolve) {
                    resolveClass(loaded);
                }
                return loaded;
            }
        }
    }
}
