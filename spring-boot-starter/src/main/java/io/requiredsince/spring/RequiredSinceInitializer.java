package io.requiredsince.spring;

import io.requiredsince.runtime.MigrationReport;
import io.requiredsince.runtime.Migrator;
import javax.sql.DataSource;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.util.ClassUtils;

/**
 * Applies the {@code @RequiredSince} migrations when the context starts, before the beans that use
 * the database ({@link RequiredSinceInitializerDetector} makes them wait for it), after Liquibase and
 * {@code spring.sql.init}. Where Flyway runs, the migrations are steps of Flyway's own sequence
 * instead ({@link RequiredSinceFlywayPostProcessor}) and this bean has nothing left to do.
 */
public class RequiredSinceInitializer implements InitializingBean {

    private static final System.Logger LOG = System.getLogger(RequiredSinceInitializer.class.getName());
    private static final String FLYWAY = "org.flywaydb.core.Flyway";

    private final DataSource dataSource;
    private final RequiredSinceProperties properties;
    private final ListableBeanFactory beans;
    private MigrationReport report;

    public RequiredSinceInitializer(DataSource dataSource, RequiredSinceProperties properties, ListableBeanFactory beans) {
        this.dataSource = dataSource;
        this.properties = properties;
        this.beans = beans;
    }

    @Override
    public void afterPropertiesSet() {
        if (flywayRuns()) {
            LOG.log(System.Logger.Level.DEBUG, "requiredsince's migrations run as steps of Flyway's sequence");
            return;
        }
        report = migrator().migrate();
    }

    /** The migrator of this application, configured by {@code requiredsince.*}. */
    public Migrator migrator() {
        return properties.apply(Migrator.configure(dataSource).classLoader(classLoader())).load();
    }

    /** What the start-up run did; null where Flyway ran the migrations. */
    public MigrationReport report() {
        return report;
    }

    private boolean flywayRuns() {
        ClassLoader loader = classLoader();
        if (!ClassUtils.isPresent(FLYWAY, loader)) {
            return false;
        }
        return beans.getBeanNamesForType(ClassUtils.resolveClassName(FLYWAY, loader), true, false).length > 0;
    }

    private static ClassLoader classLoader() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return loader != null ? loader : RequiredSinceInitializer.class.getClassLoader();
    }
}
