package io.requiredsince.spring;

import java.util.Set;
import org.springframework.boot.sql.init.dependency.AbstractBeansOfTypeDatabaseInitializerDetector;
import org.springframework.core.Ordered;

/**
 * Tells Boot that {@link RequiredSinceInitializer} initializes the database: the EntityManagerFactory,
 * JdbcTemplate and every other bean that depends on database initialization wait for it. Ordered
 * after Flyway's and Liquibase's (0) and {@code spring.sql.init}'s ({@code LOWEST_PRECEDENCE - 100}):
 * the tables the migrations change exist by then.
 */
public class RequiredSinceInitializerDetector extends AbstractBeansOfTypeDatabaseInitializerDetector {

    @Override
    protected Set<Class<?>> getDatabaseInitializerBeanTypes() {
        return Set.of(RequiredSinceInitializer.class);
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE - 50;
    }
}
