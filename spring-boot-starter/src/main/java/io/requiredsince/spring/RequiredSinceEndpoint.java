package io.requiredsince.spring;

import io.requiredsince.runtime.MigrationInfo;
import io.requiredsince.runtime.MigrationReport;
import io.requiredsince.runtime.MigrationResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * {@code /actuator/requiredsince}: GET lists every migration and its state ({@code Migrator.info()});
 * POST completes the expanded ones once every instance runs the new version ({@code Migrator.complete()}).
 */
@Endpoint(id = "requiredsince")
public class RequiredSinceEndpoint {

    private final RequiredSinceInitializer initializer;

    public RequiredSinceEndpoint(RequiredSinceInitializer initializer) {
        this.initializer = initializer;
    }

    @ReadOperation
    public Map<String, Object> migrations() {
        List<Map<String, Object>> all = initializer.migrator().info().stream().map(RequiredSinceEndpoint::describe).toList();
        return Map.of("migrations", all);
    }

    @WriteOperation
    public Map<String, Object> complete() {
        MigrationReport report = initializer.migrator().complete();
        List<String> completed = report.applied().stream().map(MigrationResult::script).toList();
        return Map.of("completed", completed, "summary", report.toString());
    }

    private static Map<String, Object> describe(MigrationInfo info) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("script", info.script());
        m.put("version", info.version().isNone() ? null : info.version().toString());
        m.put("description", info.description());
        m.put("state", info.state().name());
        return m;
    }
}
