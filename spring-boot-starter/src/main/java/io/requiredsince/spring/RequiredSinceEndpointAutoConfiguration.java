package io.requiredsince.spring;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** The actuator endpoint {@code requiredsince}, where the actuator is on the class path and the endpoint exposed. */
@AutoConfiguration(after = RequiredSinceAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
@ConditionalOnBean(RequiredSinceInitializer.class)
@ConditionalOnAvailableEndpoint(endpoint = RequiredSinceEndpoint.class)
public class RequiredSinceEndpointAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public RequiredSinceEndpoint requiredSinceEndpoint(RequiredSinceInitializer initializer) {
        return new RequiredSinceEndpoint(initializer);
    }
}
