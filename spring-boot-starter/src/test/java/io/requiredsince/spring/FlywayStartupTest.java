package io.requiredsince.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.requiredsince.spring.app.Owner;
import io.requiredsince.spring.app.OwnerRepository;
import io.requiredsince.spring.app.TestApplication;
import java.util.Arrays;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * With Flyway: V1 (schema), V1.1 (rows), requiredsince's version 2, and V3 (an index on the new
 * column) in Flyway's one sequence, under Flyway's default settings, before Hibernate validates; on a
 * fresh database and on one the previous release left at V1.1 with rows.
 */
class FlywayStartupTest {

    static List<String> flywayHistory(Flyway flyway) {
        return Arrays.stream(flyway.info().all()).map(i -> i.getVersion() + " " + i.getType() + " " + i.getState()).toList();
    }

    @Nested
    @SpringBootTest(classes = TestApplication.class)
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

        @Test
        void runsInFlywaysSequence() {
            assertEquals(List.of("1 SQL SUCCESS", "1.1 SQL SUCCESS", "2 JDBC SUCCESS", "3 SQL SUCCESS"), flywayHistory(flyway));
            assertEquals(List.of("ada", "grace", "edsger"), owners.findAll().stream().map(Owner::getHandle).toList());
            assertEquals(List.of("owners_handle"), Databases.strings(URL,
                    "select indexname from pg_indexes where tablename = 'owners' and indexname = 'owners_handle'"));
        }
    }

    @Nested
    @SpringBootTest(classes = TestApplication.class)
    class PopulatedDatabase {
        static final String URL = previousRelease();

        static String previousRelease() {
            String url = Databases.fresh();
            Flyway.configure().dataSource(url, null, null).target("1.1").load().migrate();
            Databases.execute(url, "insert into owners (id, name) select g, 'Owner ' || g from generate_series(10, 5009) g");
            return url;
        }

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
            assertEquals(5_003, owners.count());
            assertEquals(List.of("0"), Databases.strings(URL, "select count(*) from owners where handle is distinct from lower(name)"));
        }
    }
}
