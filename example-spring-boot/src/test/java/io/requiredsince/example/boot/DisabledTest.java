package io.requiredsince.example.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@code requiredsince.enabled=false}: Flyway runs without requiredsince's step, and the database keeps no trace of it. */
@SpringBootTest(properties = {"requiredsince.enabled=false", "spring.flyway.target=1.1", "spring.jpa.hibernate.ddl-auto=none"})
class DisabledTest {

    static final String URL = Databases.fresh();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> URL);
    }

    @Autowired
    Flyway flyway;

    @Test
    void nothingOfOursRuns() {
        assertEquals(0, flyway.getConfiguration().getJavaMigrations().length);
        assertEquals(List.of(), Databases.strings(URL,
                "select column_name from information_schema.columns where table_name = 'owners' and column_name = 'handle'"));
        assertEquals(List.of(), Databases.strings(URL,
                "select table_name from information_schema.tables where table_name = 'requiredsince_history'"));
    }
}
