package io.requiredsince.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.requiredsince.spring.app.Owner;
import io.requiredsince.spring.app.OwnerRepository;
import io.requiredsince.spring.app.TestApplication;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.orm.jpa.DataJpaTest;
import org.springframework.test.context.ContextConfiguration;

/**
 * {@code @DataJpaTest} (Boot 3.5's package) on its embedded H2: the slice includes the starter, which
 * migrates after {@code spring.sql.init} made the old schema and rows, before Hibernate validates.
 */
@DataJpaTest(properties = {"spring.flyway.enabled=false", "spring.sql.init.mode=always",
        "spring.sql.init.schema-locations=classpath:slice/schema.sql", "spring.sql.init.data-locations=classpath:slice/data.sql",
        "spring.jpa.hibernate.ddl-auto=validate", "requiredsince.complete-immediately=true"})
@ContextConfiguration(classes = TestApplication.class)
class DataJpaSliceTest {

    @Autowired
    OwnerRepository owners;

    @Test
    void theSliceAppliesTheMigration() {
        assertEquals(List.of("ada", "grace", "edsger"), owners.findAll().stream().map(Owner::getHandle).toList());
    }
}
