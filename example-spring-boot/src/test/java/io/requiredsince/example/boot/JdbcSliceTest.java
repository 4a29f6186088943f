package io.requiredsince.example.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.test.autoconfigure.JdbcTest;
import org.springframework.jdbc.core.JdbcTemplate;

/** {@code @JdbcTest} (Boot 4's package) on its embedded H2: Flyway and requiredsince's step run in the slice. */
@JdbcTest
class JdbcSliceTest {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void theSliceAppliesTheMigration() {
        assertEquals(List.of("george", "betty", "eduardo"),
                jdbc.queryForList("select handle from owners order by id", String.class));
        assertEquals(List.of("unknown", "unknown", "unknown"), jdbc.queryForList("select kind from pets order by id", String.class));
    }
}
