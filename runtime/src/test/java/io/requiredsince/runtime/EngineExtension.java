package io.requiredsince.runtime;

import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;

/**
 * Hands an {@link EngineTest} one invocation per engine it selects. The test method takes a
 * {@link TestDatabase} (a fresh database, made when the invocation starts) or a
 * {@code Supplier<TestDatabase>} (for tests that need several databases of the same engine; its
 * {@link TestEngine#of(Supplier)} says which engine it is).
 */
final class EngineExtension implements TestTemplateInvocationContextProvider {

    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return context.getTestMethod().map(m -> m.isAnnotationPresent(EngineTest.class)).orElse(false);
    }

    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
        EngineTest test = context.getRequiredTestMethod().getAnnotation(EngineTest.class);
        return TestDatabase.engines().stream().filter(e -> selects(test, e.engine())).map(EngineInvocation::new);
    }

    /** Whether {@code test} runs on {@code engine}: chosen by only/family (all when both are empty), not excepted. */
    static boolean selects(EngineTest test, TestEngine engine) {
        boolean chosen = test.only().length == 0 && test.family().length == 0
                || List.of(test.only()).contains(engine) || List.of(test.family()).contains(engine.family());
        return chosen && !List.of(test.except()).contains(engine)
                && !List.of(test.exceptFamily()).contains(engine.family());
    }

    private record EngineInvocation(TestDatabase.MatrixEngine engine) implements TestTemplateInvocationContext {

        @Override
        public String getDisplayName(int invocationIndex) {
            return engine.toString();
        }

        @Override
        public List<Extension> getAdditionalExtensions() {
            return List.of(new ParameterResolver() {
                @Override
                public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
                    Class<?> type = parameter.getParameter().getType();
                    return type == TestDatabase.class || type == Supplier.class;
                }

                @Override
                public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
                    return parameter.getParameter().getType() == Supplier.class ? engine : engine.get();
                }
            });
        }
    }
}
