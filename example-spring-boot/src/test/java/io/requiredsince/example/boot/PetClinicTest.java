package io.requiredsince.example.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.requiredsince.runtime.MigrationInfo;
import io.requiredsince.runtime.MigrationState;
import io.requiredsince.spring.RequiredSinceInitializer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The example on Spring Boot 4 with Flyway's defaults and {@code ddl-auto=validate}: V1, V1.1,
 * requiredsince's version 2 and V3 (an index on the new column) in Flyway's one sequence, before
 * Hibernate validates; on a fresh database and on one the previous release left at V1.1 with rows.
 */
class PetClinicTest {

    static List<String> flywayHistory(Flyway flyway) {
        return Arrays.stream(flyway.info().all()).map(i -> i.getVersion() + " " + i.getType() + " " + i.getState()).toList();
    }

    @Nested
    @SpringBootTest
    class FreshDatabase {
        static final String URL = Databases.fresh();

        @DynamicPropertySource
        static void database(DynamicPropertyRegistry registry) {
            registry.add("spring.datasource.url", () -> URL);
        }

        @Autowired
        Flyway flyway;

        @Autowired
        OwnerRepository owners;

        @Autowired
        PetRepository pets;

        @Autowired
        ConfigurableApplicationContext context;

        @Test
        void startsWithTheNewColumnsInFlywaysSequence() {
            assertEquals(List.of("1 SQL SUCCESS", "1.1 SQL SUCCESS", "2 JDBC SUCCESS", "3 SQL SUCCESS"), flywayHistory(flyway));
            assertEquals(List.of("george", "betty", "eduardo"), owners.findAll().stream().map(Owner::getHandle).toList());
            assertEquals(List.of("unknown", "unknown", "unknown"), pets.findAll().stream().map(Pet::getKind).toList());

            ByteArrayOutputStream shown = new ByteArrayOutputStream();
            PetClinic.tour(context, new PrintStream(shown, true, StandardCharsets.UTF_8));
            String tour = shown.toString(StandardCharsets.UTF_8);
            assertTrue(tour.contains("it gets barbara"), tour);
            assertEquals(List.of(MigrationState.APPLIED, MigrationState.APPLIED), context.getBean(RequiredSinceInitializer.class)
                    .migrator().info().stream().map(MigrationInfo::state).toList());
        }
    }

    @Nested
    @SpringBootTest(properties = "requiredsince.batch-size=200")
    class PopulatedDatabase {
        static final String URL = Databases.populated(20_000);

        @DynamicPropertySource
        static void database(DynamicPropertyRegistry registry) {
            registry.add("spring.datasource.url", () -> URL);
        }

        @Autowired
        Flyway flyway;

        @Autowired
        OwnerRepository owners;

        @Test
        void appliesOursThenTheLaterSqlMigration() {
            assertEquals(List.of("1 SQL SUCCESS", "1.1 SQL SUCCESS", "2 JDBC SUCCESS", "3 SQL SUCCESS"), flywayHistory(flyway));
            assertEquals(20_003, owners.count());
            assertEquals(List.of("0"), Databases.strings(URL, "select count(*) from owners where handle is distinct from lower(name)"));
        }
    }
}
