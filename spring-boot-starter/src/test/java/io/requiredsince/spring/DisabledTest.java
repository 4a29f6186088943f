package io.requiredsince.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.requiredsince.spring.app.TestApplication;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@code requiredsince.enabled=false}: the application starts and the database is left as it was. */
@SpringBootTest(classes = TestApplication.class, properties = {"requiredsince.enabled=false",
        "spring.flyway.enabled=false", "spring.jpa.hibernate.ddl-auto=none"})
class DisabledTest {

    static final String URL = Databases.populated(10);

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> URL);
    }

    @Autowired
    ApplicationContext context;

    @Test
    void nothingRuns() {
        assertEquals(0, context.getBeanNamesForType(RequiredSinceInitializer.class).length);
        assertEquals(List.of(), Databases.strings(URL,
                "select column_name from information_schema.columns where table_name = 'owners' and column_name = 'handle'"));
        assertEquals(List.of(), Databases.strings(URL,
                "select table_name from information_schema.tables where table_name = 'requiredsince_history'"));
    }
}
