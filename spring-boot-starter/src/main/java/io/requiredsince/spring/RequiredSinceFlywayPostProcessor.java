package io.requiredsince.spring;

import io.requiredsince.flyway.RequiredSinceFlyway;
import java.util.Arrays;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.Configuration;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Puts the {@code @RequiredSince} migrations into the application's {@link Flyway}, at their versions
 * in its sequence, with the callback that resumes a failed step and Flyway's session lock on
 * PostgreSQL ({@link RequiredSinceFlyway#configure}). A Flyway that has them already is left alone.
 */
class RequiredSinceFlywayPostProcessor implements BeanPostProcessor {

    private final RequiredSinceProperties properties;

    RequiredSinceFlywayPostProcessor(RequiredSinceProperties properties) {
        this.properties = properties;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (!(bean instanceof Flyway flyway) || !properties.isEnabled()) {
            return bean;
        }
        Configuration configuration = flyway.getConfiguration();
        boolean hasOurs = Arrays.stream(configuration.getJavaMigrations())
                .anyMatch(m -> m.getClass().getPackageName().equals(RequiredSinceFlyway.class.getPackageName()));
        if (hasOurs) {
            return bean;
        }
        return RequiredSinceFlyway.configure(Flyway.configure(configuration.getClassLoader()).configuration(configuration),
                properties::apply).load();
    }
}
