package io.requiredsince.spring;

import io.requiredsince.runtime.MigrationException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains a failed migration in Boot's start-up report: what failed, and that a restart resumes it. */
public class RequiredSinceFailureAnalyzer extends AbstractFailureAnalyzer<MigrationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, MigrationException cause) {
        return new FailureAnalysis("A requiredsince migration failed at start-up:\n\n    " + cause.getMessage(),
                "Fix the cause named above and start the application again: the migration resumes where it stopped,"
                        + " from the live schema, and no row was lost (no repair is needed). To start without migrating,"
                        + " set requiredsince.enabled=false.", cause);
    }
}
