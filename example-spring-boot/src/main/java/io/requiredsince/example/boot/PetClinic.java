package io.requiredsince.example.boot;

import io.requiredsince.runtime.MigrationInfo;
import io.requiredsince.spring.RequiredSinceInitializer;
import io.requiredsince.testkit.EmbeddedPostgres;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A small Spring Boot application with Flyway and JPA ({@code ddl-auto=validate}): Flyway's V1 makes
 * the schema and V1.1 adds rows, release 2 adds two required columns with {@code @RequiredSince}, and
 * V3 indexes one of them. The starter is its only requiredsince code: no glue.
 *
 * <pre>
 * mvn -q -Pexample -DskipTests verify -pl example-spring-boot -am          # embedded PostgreSQL
 * mvn -q -Pexample -DskipTests verify -pl example-spring-boot -am \
 *     -Dexample.args=--spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/petclinic?user=postgres
 * </pre>
 */
@SpringBootApplication
public class PetClinic {

    public static void main(String[] args) {
        List<String> arguments = new ArrayList<>(List.of(args));
        arguments.add("--spring.main.web-application-type=none");
        EmbeddedPostgres embedded = null;
        if (arguments.stream().noneMatch(a -> a.startsWith("--spring.datasource.url="))
                && System.getenv("SPRING_DATASOURCE_URL") == null) {
            System.out.println("Starting an embedded PostgreSQL (pass --spring.datasource.url=… to use another database)...");
            embedded = EmbeddedPostgres.start();
            embedded.createDatabase("petclinic");
            arguments.add("--spring.datasource.url=" + embedded.jdbcUrl("petclinic"));
        }
        try (ConfigurableApplicationContext context = SpringApplication.run(PetClinic.class, arguments.toArray(String[]::new))) {
            tour(context, System.out);
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    /** What start-up did: Flyway's history with requiredsince's step in it, the rows through JPA, and completion. */
    static void tour(ConfigurableApplicationContext context, PrintStream out) {
        Flyway flyway = context.getBean(Flyway.class);
        out.println();
        out.println("Flyway's history (requiredsince's step is version 2):");
        for (org.flywaydb.core.api.MigrationInfo i : flyway.info().applied()) {
            out.printf("  %-4s %-5s %-8s %s%n", i.getVersion(), i.getType(), i.getState(), i.getDescription());
        }
        RequiredSinceInitializer requiredsince = context.getBean(RequiredSinceInitializer.class);
        out.println("requiredsince's history:");
        for (MigrationInfo i : requiredsince.migrator().info()) {
            out.printf("  %-4s %-14s %s%n", i.version(), i.script(), i.state());
        }
        out.println("Owners, read through JPA (Hibernate validated the schema at start-up):");
        for (Owner o : context.getBean(OwnerRepository.class).findAll()) {
            out.printf("  %-8s handle=%s%n", o.getName(), o.getHandle());
        }
        JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
        jdbc.update("insert into owners (id, name) values (100, 'Barbara')");
        out.println("The previous release, still running, inserts an owner without a handle: it gets "
                + jdbc.queryForObject("select handle from owners where id = 100", String.class));
        out.println("Once every instance runs release 2: POST /actuator/requiredsince (or Migrator.complete())");
        requiredsince.migrator().complete();
        out.println("  " + requiredsince.migrator().info().stream().map(i -> i.script() + " " + i.state()).toList());
    }
}
