package io.requiredsince.spring;

import io.requiredsince.liquibase.RequiredSinceLiquibase;
import javax.sql.DataSource;
import liquibase.integration.spring.SpringLiquibase;
import org.springframework.beans.factory.config.DestructionAwareBeanPostProcessor;

/**
 * Lets the requiredsince changes of the application's Liquibase changelog run on Boot's Liquibase
 * pool, with the {@code requiredsince.*} settings: the pool is registered before Liquibase runs
 * ({@link RequiredSinceLiquibase#register}), and forgotten when the application stops.
 */
class RequiredSinceLiquibasePostProcessor implements DestructionAwareBeanPostProcessor {

    private final RequiredSinceProperties properties;

    RequiredSinceLiquibasePostProcessor(RequiredSinceProperties properties) {
        this.properties = properties;
    }

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof SpringLiquibase liquibase && properties.isEnabled() && liquibase.getDataSource() != null) {
            RequiredSinceLiquibase.register(liquibase.getDataSource(), properties::apply);
        }
        return bean;
    }

    @Override
    public boolean requiresDestruction(Object bean) {
        return bean instanceof SpringLiquibase;
    }

    @Override
    public void postProcessBeforeDestruction(Object bean, String beanName) {
        DataSource dataSource = ((SpringLiquibase) bean).getDataSource();
        if (dataSource != null) {
            RequiredSinceLiquibase.unregister(dataSource);
        }
    }
}
