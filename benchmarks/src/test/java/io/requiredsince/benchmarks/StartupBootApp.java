package io.requiredsince.benchmarks;

import io.requiredsince.runtime.ColumnSpec;
import io.requiredsince.runtime.Migration;
import io.requiredsince.runtime.MigrationVersion;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import javax.sql.DataSource;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Scenario 7's Spring Boot application: a pool, the starter, and the application's first query
 * (one row of the history, through the pool) once the context has started. Its migrations are
 * registered in {@code META-INF/services}, as the processor registers them.
 */
@SpringBootApplication
public class StartupBootApp {

    public static void main(String[] args) throws Exception {
        try (ConfigurableApplicationContext context = SpringApplication.run(StartupBootApp.class, args)) {
            DataSource ds = context.getBean(DataSource.class);
            try (Connection c = ds.getConnection(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("select * from startup_boot_history order by installed_rank")) {
                if (!rs.next()) {
                    throw new IllegalStateException("the history of the Boot application is empty");
                }
            }
        }
        StartupScenario.printCpu();
    }

    /** One of {@link StartupScenario#migrations}, on the Boot application's own table. */
    abstract static class Registered implements Migration {
        private final Migration m;

        Registered(int index) {
            this.m = StartupScenario.migrations("startup_boot_orgs").get(index);
        }

        @Override
        public MigrationVersion version() {
            return m.version();
        }

        @Override
        public ColumnSpec column() {
            return m.column();
        }
    }

    public static final class Plan extends Registered {
        public Plan() {
            super(0);
        }
    }

    public static final class Slug extends Registered {
        public Slug() {
            super(1);
        }
    }

    public static final class Seats extends Registered {
        public Seats() {
            super(2);
        }
    }
}
