package io.requiredsince.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * An application's compiled classes, as {@code --classpath} names them: entities compiled here with
 * the annotation processor, into a temporary directory of their own (deleted at exit).
 */
final class AppClasses {

    private AppClasses() {
    }

    /** Compiles {@code Organization} with {@code fields} (each a field with its annotation); returns the class directory. */
    static Path organization(String... fields) {
        try {
            Path dir = Files.createTempDirectory("requiredsince-cli-app-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
            Path src = Files.createDirectories(dir.resolve("src/com/example"));
            Path classes = Files.createDirectories(dir.resolve("classes"));
            Files.writeString(src.resolve("Organization.java"), "package com.example;\n\n"
                    + "import io.requiredsince.RequiredSince;\nimport io.requiredsince.Table;\n\n"
                    + "@Table(\"organizations\")\npublic class Organization {\n    String name;\n"
                    + String.join("\n", fields) + "\n}\n");
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            String cp = System.getProperty("java.class.path");
            int rc = javac.run(null, null, null, "-d", classes.toString(), "-classpath", cp, "-processorpath", cp,
                    src.resolve("Organization.java").toString());
            if (rc != 0) {
                throw new IllegalStateException("javac failed: " + rc);
            }
            return classes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            System.err.println("could not delete " + dir + ": " + e.getMessage());
        }
    }

    /** A new SQLite database file with the table {@code organizations} of {@code rows} rows. */
    static Path organizationsOnSqlite(int rows) throws Exception {
        Path dir = Files.createTempDirectory("requiredsince-cli-db-");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
        Path file = dir.resolve("app.db");
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file); var st = c.createStatement()) {
            st.execute("CREATE TABLE organizations (id INTEGER PRIMARY KEY, name VARCHAR(100) NOT NULL)");
            for (int i = 1; i <= rows; i++) {
                st.execute("INSERT INTO organizations (id, name) VALUES (" + i + ", 'Org " + i + "')");
            }
        }
        return file;
    }

    /** A new database on {@code pg} with the table {@code organizations} of {@code rows} rows; returns its URL. */
    static String organizationsOnPostgres(io.requiredsince.testkit.EmbeddedPostgres pg, String database, int rows)
            throws Exception {
        pg.createDatabase(database);
        String url = pg.jdbcUrl(database);
        try (var c = java.sql.DriverManager.getConnection(url); var st = c.createStatement()) {
            st.execute("CREATE TABLE organizations (id INTEGER PRIMARY KEY, name VARCHAR(100) NOT NULL)");
            st.execute("INSERT INTO organizations SELECT i, 'Org ' || i FROM generate_series(1, " + rows + ") i");
        }
        return url;
    }

    /** The first column of the first row of {@code sql} on the database at {@code url}. */
    static long count(String url, String sql) throws Exception {
        try (var c = java.sql.DriverManager.getConnection(url); var st = c.createStatement();
             var rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static final List<String> PLAN_AND_SLUG = List.of(
            "    @RequiredSince(version = \"1\", backfill = \"'free'\") String plan;",
            "    @RequiredSince(version = \"2\", backfill = \"lower(name)\") String slug;");
}
