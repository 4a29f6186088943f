package io.requiredsince.example.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * A step that fails inside Flyway stops the start-up with Boot's report saying what failed; after the
 * cause is gone the next start-up resumes it and runs V3, with no {@code flyway repair}.
 */
@ExtendWith(OutputCaptureExtension.class)
class FailureReportTest {

    @Test
    void theStartupReportExplainsTheFailureAndTheNextStartResumes(CapturedOutput output) {
        String url = Databases.populated(10);
        Databases.execute(url, "alter table pets rename to pets_elsewhere");
        SpringApplicationBuilder app = new SpringApplicationBuilder(PetClinic.class)
                .properties("spring.datasource.url=" + url, "spring.main.web-application-type=none");
        assertThrows(Exception.class, () -> app.run().close());
        assertTrue(output.getOut().contains("APPLICATION FAILED TO START"), output.getOut());
        assertTrue(output.getOut().contains("A requiredsince migration failed at start-up"), output.getOut());
        assertTrue(output.getOut().contains("pets"), output.getOut());

        Databases.execute(url, "alter table pets_elsewhere rename to pets");
        new SpringApplicationBuilder(PetClinic.class).properties("spring.datasource.url=" + url,
                "spring.main.web-application-type=none").run().close();
        assertEquals(List.of("1 true", "1.1 true", "2 true", "3 true"), Databases.strings(url,
                "select version || ' ' || success from flyway_schema_history order by installed_rank"));
    }
}
