package io.requiredsince.spring;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.requiredsince.spring.app.TestApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** A failed migration stops the start-up, and Boot's report says what failed and that a restart resumes. */
@ExtendWith(OutputCaptureExtension.class)
class FailureReportTest {

    @Test
    void theStartupReportExplainsTheFailure(CapturedOutput output) {
        String url = Databases.fresh(); // no table owners
        assertThrows(Exception.class, () -> new SpringApplicationBuilder(TestApplication.class)
                .properties("spring.datasource.url=" + url, "spring.flyway.enabled=false", "spring.main.banner-mode=off",
                        "spring.main.web-application-type=none")
                .run().close());
        assertTrue(output.getOut().contains("APPLICATION FAILED TO START"), output.getOut());
        assertTrue(output.getOut().contains("A requiredsince migration failed at start-up"), output.getOut());
        assertTrue(output.getOut().contains("owners"), output.getOut());
        assertTrue(output.getOut().contains("start the application again: the migration resumes"), output.getOut());
    }
}
