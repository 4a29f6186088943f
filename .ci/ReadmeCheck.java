import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Builds a new user's project from the README's setup blocks, copied verbatim, and checks that the
 * processor generated the entity's migration: {@code java .ci/ReadmeCheck.java README.md} (run by
 * {@code .ci/run} on JDK 17 and on JDK 25, after the modules are installed in the local Maven
 * repository). A block is taken when the line before it is {@code <!-- readme-check: NAME -->}:
 * {@code pom-properties}, {@code pom-dependencies} (inside {@code <dependencies>}), {@code pom-plugin}
 * (inside {@code <build><plugins>}), {@code entity} (a source file) and {@code startup} (imports and
 * statements, compiled as the body of a {@code main} method). Then the same project with
 * {@code flyway-dependencies} added and {@code flyway-startup} as its start-up code, the same with
 * {@code liquibase-dependencies} and {@code liquibase-startup}, and with
 * {@code boot-dependencies} added beside Spring Boot itself. Each project is compiled with the
 * {@code mvn} on the path, in a temporary directory that is deleted afterwards.
 */
public class ReadmeCheck {

    private static final Pattern BLOCK = Pattern.compile(
            "<!-- readme-check: ([a-z-]+) -->\\R```[a-z]*\\R(.*?)\\R```", Pattern.DOTALL);

    public static void main(String[] args) throws Exception {
        try {
            run(args);
        } catch (IllegalStateException e) {
            System.err.println("README check failed: " + e.getMessage());
            System.exit(1);
        }
    }

    private static void run(String[] args) throws IOException, InterruptedException {
        Path readme = Paths.get(args.length > 0 ? args[0] : "README.md");
        Map<String, String> blocks = new LinkedHashMap<>();
        Matcher m = BLOCK.matcher(Files.readString(readme, StandardCharsets.UTF_8));
        while (m.find()) {
            blocks.put(m.group(1), m.group(2));
        }
        for (String name : List.of("pom-properties", "pom-dependencies", "pom-plugin", "entity", "startup",
                "flyway-dependencies", "flyway-startup", "liquibase-dependencies", "liquibase-startup",
                "boot-dependencies")) {
            if (!blocks.containsKey(name)) {
                fail(readme + " has no block marked <!-- readme-check: " + name + " -->");
            }
        }
        // The Boot application's own Boot, which the README takes as given.
        String boot = "<dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-autoconfigure</artifactId>"
                + "<version>3.5.7</version></dependency>";
        check("plain", blocks, "", blocks.get("startup"));
        check("Flyway", blocks, blocks.get("flyway-dependencies"), blocks.get("flyway-startup"));
        check("Liquibase", blocks, blocks.get("liquibase-dependencies"), blocks.get("liquibase-startup"));
        check("Spring Boot", blocks, blocks.get("boot-dependencies") + "\n" + boot,
                "io.requiredsince.spring.RequiredSinceProperties properties = new io.requiredsince.spring.RequiredSinceProperties();");
    }

    private static void check(String setup, Map<String, String> blocks, String dependencies, String startup)
            throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("requiredsince-readme-check-");
        try {
            check(setup, dir, blocks, dependencies, startup);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private static void check(String setup, Path dir, Map<String, String> blocks, String dependencies, String startup)
            throws IOException, InterruptedException {
        Files.writeString(dir.resolve("pom.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>readme.check</groupId>
                  <artifactId>app</artifactId>
                  <version>1</version>
                %s
                  <dependencies>
                %s
                  </dependencies>
                  <build>
                    <plugins>
                %s
                    </plugins>
                  </build>
                </project>
                """.formatted(blocks.get("pom-properties"), blocks.get("pom-dependencies") + "\n" + dependencies,
                blocks.get("pom-plugin")));
        Path src = Files.createDirectories(dir.resolve("src/main/java"));
        String entity = blocks.get("entity");
        Matcher className = Pattern.compile("public class (\\w+)").matcher(entity);
        if (!className.find()) {
            fail("The entity block declares no public class");
        }
        Files.writeString(src.resolve(className.group(1) + ".java"), entity);
        List<String> imports = new ArrayList<>();
        List<String> body = new ArrayList<>();
        for (String line : startup.split("\\R")) {
            (line.startsWith("import ") ? imports : body).add(line);
        }
        Files.writeString(src.resolve("Startup.java"), String.join("\n", imports)
                + "\n\npublic class Startup {\n    public static void main(String[] args) throws Exception {\n"
                + String.join("\n", body) + "\n    }\n}\n");

        Process mvn = new ProcessBuilder("mvn", "-B", "-q", "compile").directory(dir.toFile()).inheritIO().start();
        if (mvn.waitFor() != 0) {
            fail("The README's " + setup + " project does not compile (mvn compile exited " + mvn.exitValue() + ")");
        }
        Matcher field = Pattern.compile("@RequiredSince\\([^)]*\\)\\s*\\w+\\s+(\\w+);").matcher(entity);
        if (!field.find()) {
            fail("The entity block has no @RequiredSince field");
        }
        String migration = className.group(1) + "_" + field.group(1) + "_Migration";
        Path classes = dir.resolve("target/classes");
        if (!Files.exists(classes.resolve(migration + ".class"))) {
            fail("The processor did not run: no " + migration + ".class in " + classes);
        }
        Path registry = classes.resolve("META-INF/services/io.requiredsince.runtime.Migration");
        if (!Files.exists(registry) || !Files.readString(registry).contains(migration)) {
            fail("The processor did not register " + migration + " in " + registry);
        }
        System.out.println("README check: the README's " + setup + " project compiles on Java " + Runtime.version().feature()
                + " and the processor generated and registered " + migration);
    }

    private static void fail(String message) {
        throw new IllegalStateException(message);
    }
}
