package io.requiredsince.spring.app;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The test application: JPA over {@code owners}, the starter on the class path and nothing else of ours. */
@SpringBootApplication
public class TestApplication {
}
