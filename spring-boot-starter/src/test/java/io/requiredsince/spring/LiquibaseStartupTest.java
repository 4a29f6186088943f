package io.requiredsince.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.requiredsince.spring.app.Owner;
import io.requiredsince.spring.app.OwnerRepository;
import io.requiredsince.spring.app.TestApplication;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * With Liquibase: the changelog's requiredsince change (version 2) runs at its place, between the
 * changeset that makes the schema and the one that indexes the new column, on Boot's Liquibase pool
 * and with the {@code requiredsince.*} settings, before Hibernate validates.
 */
@SpringBootTest(classes = TestApplication.class, properties = {"spring.flyway.enabled=false",
        "spring.liquibase.enabled=true", "spring.liquibase.change-log=classpath:liquibase/changelog.xml",
        "requiredsince.history-table=clinic_liquibase_history"})
class LiquibaseStartupTest {

    static final String URL = Databases.fresh();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> URL);
    }

    @Autowired
    OwnerRepository owners;

    @Test
    void theChangeRunsAtItsPlaceInTheChangelog() {
        assertEquals(List.of("1", "1.1", "2", "3"),
                Databases.strings(URL, "select id from databasechangelog order by orderexecuted"));
        assertEquals(List.of("ada", "grace", "edsger"), owners.findAll().stream().map(Owner::getHandle).toList());
        // The change's migrator had the application's settings: its history is the table named there.
        assertEquals(List.of("1"), Databases.strings(URL, "select count(*) from clinic_liquibase_history"));
    }
}
