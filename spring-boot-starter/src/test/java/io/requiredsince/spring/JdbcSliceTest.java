package io.requiredsince.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.requiredsince.spring.app.TestApplication;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.jdbc.JdbcTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ContextConfiguration;

/** {@code @JdbcTest} (Boot 3.5's package) on its embedded H2: the slice includes the starter, which migrates after {@code spring.sql.init}. */
@JdbcTest(properties = {"spring.flyway.enabled=false", "spring.sql.init.mode=always",
        "spring.sql.init.schema-locations=classpath:slice/schema.sql", "spring.sql.init.data-locations=classpath:slice/data.sql",
        "requiredsince.complete-immediately=true"})
@ContextConfiguration(classes = TestApplication.class)
class JdbcSliceTest {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void theSliceAppliesTheMigration() {
        assertEquals(List.of("ada", "grace", "edsger"), jdbc.queryForList("select handle from owners order by id", String.class));
        assertEquals("NO", jdbc.queryForObject("select is_nullable from information_schema.columns"
                + " where lower(table_name) = 'owners' and lower(column_name) = 'handle'", String.class));
    }
}
