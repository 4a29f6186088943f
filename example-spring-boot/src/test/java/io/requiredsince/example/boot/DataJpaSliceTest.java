package io.requiredsince.example.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;

/**
 * {@code @DataJpaTest} (Boot 4's package) on its embedded H2: Flyway runs in the slice, and with it
 * requiredsince's step, before Hibernate validates the schema.
 */
@DataJpaTest(properties = "spring.jpa.hibernate.ddl-auto=validate")
class DataJpaSliceTest {

    @Autowired
    OwnerRepository owners;

    @Test
    void theSliceAppliesTheMigration() {
        assertEquals(List.of("george", "betty", "eduardo"), owners.findAll().stream().map(Owner::getHandle).toList());
    }
}
