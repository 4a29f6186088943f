package io.requiredsince.runtime;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test that runs once on every engine of the matrix ({@link TestDatabase#engines()}), each run
 * handed a fresh, empty {@link TestDatabase} of its own. An engine that cannot start fails its own
 * run, loudly, and no other.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@TestTemplate
@ExtendWith(EngineExtension.class)
@interface EngineTest {

    /** Runs only on the engines whose name starts with one of these ({@code "PostgreSQL"}); all when empty. */
    String[] only() default {};

    /** Skips the engines whose name starts with one of these ({@code "SQLite"}): what an engine cannot do. */
    String[] except() default {};
}
