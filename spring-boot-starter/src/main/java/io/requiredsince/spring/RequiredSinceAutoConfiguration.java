package io.requiredsince.spring;

import io.requiredsince.runtime.Migrator;
import javax.sql.DataSource;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Applies the {@code @RequiredSince} migrations at start-up, where a {@link DataSource} exists:
 * inside Flyway's sequence where Flyway runs, else after Liquibase and {@code spring.sql.init}, and
 * always before the EntityManagerFactory and the other beans that use the database. Off with
 * {@code requiredsince.enabled=false}. The names of Boot's DataSource auto-configuration are those of
 * Boot 3 and of Boot 4.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration"})
@ConditionalOnClass(Migrator.class)
@ConditionalOnBean(DataSource.class)
@ConditionalOnProperty(prefix = "requiredsince", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(RequiredSinceProperties.class)
public class RequiredSinceAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public RequiredSinceInitializer requiredSinceInitializer(DataSource dataSource, RequiredSinceProperties properties,
                                                             ListableBeanFactory beans) {
        return new RequiredSinceInitializer(dataSource, properties, beans);
    }

    /** {@code requiredsince.*} bound by hand: a post-processor is made before configuration properties are. */
    private static RequiredSinceProperties bound(Environment environment) {
        return Binder.get(environment).bind("requiredsince", RequiredSinceProperties.class)
                .orElseGet(RequiredSinceProperties::new);
    }

    /**
     * Where Liquibase is on the class path: the requiredsince changes of its changelog run on Boot's
     * Liquibase pool with these settings; what no changelog places runs after Liquibase.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "liquibase.integration.spring.SpringLiquibase")
    static class LiquibaseChanges {

        @Bean
        static RequiredSinceLiquibasePostProcessor requiredSinceLiquibasePostProcessor(Environment environment) {
            return new RequiredSinceLiquibasePostProcessor(bound(environment));
        }
    }

    /** Where Flyway is on the class path: the migrations become steps of the application's Flyway. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.flywaydb.core.Flyway")
    static class FlywaySteps {

        @Bean
        static RequiredSinceFlywayPostProcessor requiredSinceFlywayPostProcessor(Environment environment) {
            return new RequiredSinceFlywayPostProcessor(bound(environment));
        }
    }
}
