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
 *
 * <p>A test for some engines only names them: {@link #only()} and {@link #family()} choose engines
 * (both empty: all), then {@link #except()} and {@link #exceptFamily()} take engines away, e.g.
 * {@code @EngineTest(family = EngineFamily.POSTGRES)} or {@code @EngineTest(except = TestEngine.SQLITE_OLD)}.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@TestTemplate
@ExtendWith(EngineExtension.class)
@interface EngineTest {

    /** Runs only on these engines, and on those of {@link #family()}; on all when both are empty. */
    TestEngine[] only() default {};

    /** Runs only on the engines of these families, and on those of {@link #only()}; on all when both are empty. */
    EngineFamily[] family() default {};

    /** Skips these engines ({@code TestEngine.SQLITE_OLD}): what an engine cannot do. */
    TestEngine[] except() default {};

    /** Skips the engines of these families ({@code EngineFamily.SQLITE}). */
    EngineFamily[] exceptFamily() default {};
}
