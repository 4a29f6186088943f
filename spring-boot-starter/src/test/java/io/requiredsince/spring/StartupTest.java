package io.requiredsince.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.requiredsince.runtime.MigrationInfo;
import io.requiredsince.runtime.MigrationState;
import io.requiredsince.spring.app.Owner;
import io.requiredsince.spring.app.OwnerRepository;
import io.requiredsince.spring.app.TestApplication;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Without Flyway: on a database with rows, the starter alone migrates before Hibernate validates the
 * schema ({@code ddl-auto=validate}, which fails on a missing column), with no code of the application,
 * configured by {@code requiredsince.*}.
 */
@SpringBootTest(classes = TestApplication.class, properties = {"spring.flyway.enabled=false",
        "requiredsince.batch-size=100", "requiredsince.ddl-lock-timeout=3s", "requiredsince.history-table=clinic_history"})
class StartupTest {

    static final String URL = Databases.populated(1_000);

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> URL);
    }

    @Autowired
    OwnerRepository owners;

    @Autowired
    RequiredSinceInitializer initializer;

    @Test
    void migratesBeforeJpaStartsOnAPopulatedDatabase() {
        assertEquals(1_000, owners.count());
        assertEquals("owner 17", owners.findById(17L).map(Owner::getHandle).orElseThrow());
        assertEquals(1, initializer.report().applied().size());
        assertEquals(java.util.List.of(MigrationState.EXPANDED),
                initializer.migrator().info().stream().map(MigrationInfo::state).toList());
        // requiredsince.* reached the migrator: its history is the table named there.
        assertEquals(java.util.List.of("1"), Databases.strings(URL, "select count(*) from clinic_history"));
        // The previous version of the application, still running, inserts without the new column.
        Databases.execute(URL, "insert into owners (id, name) values (5000, 'Old Version')");
        assertEquals("old version", owners.findById(5000L).map(Owner::getHandle).orElseThrow());
    }
}
