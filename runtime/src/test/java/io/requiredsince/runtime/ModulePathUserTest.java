package io.requiredsince.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime is the named module {@code io.requiredsince.runtime}. A module on the module path that
 * {@code requires} it compiles against the API (with {@code javax.sql} read through it), cannot see
 * {@code io.requiredsince.runtime.internal}, and runs the migrations it {@code provides}. The other
 * tests run on the class path (see runtime/pom.xml); these compile and start modules.
 */
class ModulePathUserTest {

    private static final String MODULE_INFO = """
            module app {
                requires io.requiredsince.runtime;
            }
            """;

    /** The API a user touches: the annotations, Migrator, and DataSource without requiring java.sql. */
    private static final String PLANS = """
            package app;

            import io.requiredsince.RequiredSince;
            import io.requiredsince.Table;
            import io.requiredsince.runtime.Migrator;
            import io.requiredsince.runtime.PlannedStatement;
            import java.util.List;
            import javax.sql.DataSource;

            public final class Plans {

                @Table("organizations")
                static final class Organization {
                    @RequiredSince(version = "2", backfill = "'free'")
                    String plan;
                }

                public static List<PlannedStatement> plan(DataSource dataSource) {
                    return Migrator.create(dataSource).plan();
                }
            }
            """;

    @TempDir
    Path dir;

    @Test
    void theRuntimeIsANamedModuleExportingTheApiOnly() {
        Path runtime = location(Migrator.class);
        ModuleDescriptor module = ModuleFinder.of(runtime).find("io.requiredsince.runtime")
                .orElseThrow(() -> new AssertionError("no module io.requiredsince.runtime in " + runtime))
                .descriptor();

        assertFalse(module.isAutomatic(), "a module-info.class, not an automatic module: " + module);
        assertEquals(Set.of("io.requiredsince", "io.requiredsince.runtime"), module.exports().stream()
                .filter(e -> !e.isQualified()).map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()));
        // The one qualified export: H2 instantiates the fill trigger class of an expanded migration.
        assertEquals(Set.of("io.requiredsince.runtime.internal.embedded -> [com.h2database]"), module.exports().stream()
                .filter(ModuleDescriptor.Exports::isQualified).map(e -> e.source() + " -> " + e.targets())
                .collect(Collectors.toSet()), module.toString());
        assertTrue(module.opens().isEmpty(), module.toString());
        assertEquals(Set.of(Migration.class.getName()), module.uses());
    }

    @Test
    void aModuleCompilesAgainstTheApi() throws IOException {
        Compilation c = compile(Map.of("module-info.java", MODULE_INFO, "app/Plans.java", PLANS), modulePath());

        assertTrue(c.success() && c.errors().isEmpty(), "the module compiles: " + c);
    }

    @Test
    void theInternalPackagesAreNotExported() throws IOException {
        String internal = """
                package app;

                import io.requiredsince.runtime.internal.MigrationRunner;

                final class Internal {
                    Class<?> runner() {
                        return MigrationRunner.class;
                    }
                }
                """;
        Compilation c = compile(Map.of("module-info.java", MODULE_INFO, "app/Plans.java", PLANS,
                "app/Internal.java", internal), modulePath());

        assertFalse(c.success(), "importing an internal class does not compile: " + c);
        // Refused for that reason only: the module itself resolved and the API compiled.
        assertFalse(c.errors().isEmpty(), c.toString());
        for (String error : c.errors()) {
            assertTrue(error.contains("io.requiredsince.runtime.internal") && error.contains("is not visible")
                            && error.contains("does not export"),
                    "the only errors are the internal package's not being exported: " + c);
        }
    }

    /**
     * The module a module-path user writes around the generated migrations: they carry
     * {@code @Generated} (java.compiler), are found through {@code provides} (a named module's
     * META-INF/services is not read), and a per-row backfill is created reflectively by the runtime.
     */
    @Test
    void aModuleRunsTheMigrationsItProvides() throws Exception {
        String moduleInfo = """
                module app {
                    requires io.requiredsince.runtime;
                    requires static java.compiler;
                    requires com.h2database;
                    // H2's JdbcDataSource is a javax.naming.Referenceable; H2 is an automatic module.
                    requires java.naming;
                    provides io.requiredsince.runtime.Migration
                            with app.Organization_plan_Migration, app.Organization_region_Migration;
                    exports app to io.requiredsince.runtime;
                }
                """;
        String migration = """
                package app;

                import io.requiredsince.runtime.Backfill;
                import io.requiredsince.runtime.ColumnSpec;
                import io.requiredsince.runtime.Migration;
                import io.requiredsince.runtime.MigrationVersion;
                import io.requiredsince.runtime.SqlType;
                import javax.annotation.processing.Generated;

                @Generated("io.requiredsince.processor.RequiredSinceProcessor")
                public final class Organization_%1$s_Migration implements Migration {
                    private static final ColumnSpec COLUMN = ColumnSpec.builder()
                            .table("organizations").column("%1$s").type(SqlType.varchar(20))
                            .backfill(%2$s).keepDefault(false).build();

                    @Override
                    public MigrationVersion version() {
                        return MigrationVersion.parse("2");
                    }

                    @Override
                    public ColumnSpec column() {
                        return COLUMN;
                    }
                }
                """;
        String regionBackfill = """
                package app;

                import io.requiredsince.runtime.RowBackfill;
                import java.util.Map;
import java.util.Set;

                public final class RegionBackfill implements RowBackfill<String> {
                    @Override
                    public String compute(Map<String, Object> row) {
                        return "eu";
                    }
                }
                """;
        String main = """
                package app;

                import io.requiredsince.runtime.MigrationReport;
                import io.requiredsince.runtime.Migrator;
                import java.sql.Connection;
                import java.sql.ResultSet;
                import java.sql.Statement;
                import org.h2.jdbcx.JdbcDataSource;

                public final class Main {
                    public static void main(String[] args) throws Exception {
                        JdbcDataSource dataSource = new JdbcDataSource();
                        dataSource.setURL("jdbc:h2:mem:app;DB_CLOSE_DELAY=-1");
                        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                            s.execute("CREATE TABLE organizations (id INTEGER PRIMARY KEY)");
                            s.execute("INSERT INTO organizations (id) VALUES (1)");
                        }
                        MigrationReport report = Migrator.create(dataSource).migrate();
                        System.out.println("module " + Migrator.class.getModule().getName());
                        System.out.println("applied " + report.applied().size());
                        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                             ResultSet rs = s.executeQuery("SELECT plan, region FROM organizations")) {
                            rs.next();
                            System.out.println("row " + rs.getString(1) + " " + rs.getString(2));
                        }
                    }
                }
                """;
        List<Path> modulePath = new ArrayList<>(modulePath());
        modulePath.add(location(org.h2.jdbcx.JdbcDataSource.class));
        Compilation c = compile(Map.of("module-info.java", moduleInfo,
                "app/Organization_plan_Migration.java", migration.formatted("plan", "Backfill.constant(\"'free'\")"),
                "app/Organization_region_Migration.java",
                migration.formatted("region", "Backfill.perRow(RegionBackfill.class)"),
                "app/RegionBackfill.java", regionBackfill, "app/Main.java", main), modulePath);
        assertTrue(c.success(), "the module compiles: " + c);

        modulePath.add(c.classes());
        Path log = dir.resolve("app.log");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "--module-path", join(modulePath),
                "-Dorg.jooq.no-logo=true", "-Dorg.jooq.no-tips=true", "--module", "app/app.Main")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean ended = p.waitFor(120, TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly().waitFor();
        }
        String out = Files.readString(log);

        assertTrue(ended, "the module ran to its end: " + out);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("module io.requiredsince.runtime"), "the runtime ran as its module: " + out);
        assertTrue(out.contains("applied 2"), "ServiceLoader found both provided migrations: " + out);
        assertTrue(out.contains("row free eu"), "the existing row was backfilled, once per row in Java: " + out);
    }

    /** The runtime's classes and the modules jOOQ's descriptor requires non-statically. */
    private static List<Path> modulePath() {
        return Stream.of(Migrator.class, org.jooq.impl.DSL.class, io.r2dbc.spi.Connection.class,
                        org.reactivestreams.Publisher.class)
                .map(ModulePathUserTest::location).distinct().collect(Collectors.toList());
    }

    private static Path location(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String join(List<Path> paths) {
        return paths.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
    }

    private record Compilation(boolean success, List<String> errors, List<String> all, Path classes) {
        @Override
        public String toString() {
            return (success ? "compiled" : "failed") + String.join("", all.stream().map(d -> "\n  " + d).toList());
        }
    }

    /** Compiles the module {@code app} from {@code files} (relative paths to sources). */
    private Compilation compile(Map<String, String> files, List<Path> modulePath) throws IOException {
        Path src = Files.createDirectories(dir.resolve("src"));
        Path classes = Files.createDirectories(dir.resolve("classes"));
        List<Path> sources = new ArrayList<>();
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path source = src.resolve(file.getKey());
            Files.createDirectories(source.getParent());
            Files.writeString(source, file.getValue());
            sources.add(source);
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            // No class path: the compiler would otherwise inherit this JVM's, which holds the runtime too.
            fm.setLocationFromPaths(StandardLocation.CLASS_PATH, List.of());
            List<String> options = List.of("--release", "17", "-proc:none", "-Xlint:all",
                    "--module-path", join(modulePath), "-d", classes.toString());
            boolean success = javac.getTask(null, fm, diagnostics, options, null,
                    fm.getJavaFileObjectsFromPaths(sources)).call();
            List<String> errors = new ArrayList<>();
            List<String> all = new ArrayList<>();
            for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                String text = d.getKind() + " " + (d.getSource() == null ? "" : d.getSource().getName() + ":"
                        + d.getLineNumber() + " ") + d.getMessage(Locale.ROOT);
                all.add(text);
                if (d.getKind() == Diagnostic.Kind.ERROR) {
                    errors.add(text);
                }
            }
            return new Compilation(success, errors, all, classes);
        }
    }
}
