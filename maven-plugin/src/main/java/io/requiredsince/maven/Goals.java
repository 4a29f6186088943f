package io.requiredsince.maven;

import io.requiredsince.runtime.MigrationReport;
import io.requiredsince.runtime.Migrator;
import io.requiredsince.runtime.UndoResult;
import io.requiredsince.runtime.ValidationReport;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/** The goals: {@code requiredsince:plan}, {@code migrate}, {@code complete}, {@code info}, {@code validate}, {@code undo}. */
final class Goals {

    private Goals() {
    }

    private static void print(RequiredSinceMojo mojo, Object printable) {
        for (String line : printable.toString().split("\n")) {
            mojo.getLog().info(line);
        }
    }

    /** Writes the pending migrations as a SQL script a DBA can review and run; changes nothing. */
    @Mojo(name = "plan", requiresDependencyResolution = ResolutionScope.RUNTIME, threadSafe = true)
    static final class Plan extends RequiredSinceMojo {
        /** Where the script goes. */
        @Parameter(property = "requiredsince.planFile", defaultValue = "${project.build.directory}/requiredsince/plan.sql")
        File planFile;

        @Override
        void run(Migrator.Builder migrator) throws MojoExecutionException {
            String script = migrator.load().planScript();
            try {
                Files.createDirectories(planFile.toPath().getParent());
                Files.writeString(planFile.toPath(), script, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new MojoExecutionException("requiredsince: cannot write " + planFile + ": " + e.getMessage(), e);
            }
            getLog().info("requiredsince: wrote the plan to " + planFile);
        }
    }

    /** Applies every pending migration: expands it, and completes what the version before expanded. */
    @Mojo(name = "migrate", requiresDependencyResolution = ResolutionScope.RUNTIME, threadSafe = true)
    static final class Migrate extends RequiredSinceMojo {
        @Override
        void run(Migrator.Builder migrator) {
            MigrationReport report = migrator.listener(progress()).load().migrate();
            print(this, report);
        }
    }

    /** Completes every expanded migration, once no instance of the version before runs. */
    @Mojo(name = "complete", requiresDependencyResolution = ResolutionScope.RUNTIME, threadSafe = true)
    static final class Complete extends RequiredSinceMojo {
        @Override
        void run(Migrator.Builder migrator) {
            MigrationReport report = migrator.listener(progress()).load().complete();
            print(this, report);
        }
    }

    /** Lists every migration: applied, expanded, failed or pending. */
    @Mojo(name = "info", requiresDependencyResolution = ResolutionScope.RUNTIME, threadSafe = true)
    static final class Info extends RequiredSinceMojo {
        @Override
        void run(Migrator.Builder migrator) {
            print(this, migrator.load().info());
        }
    }

    /** Compares the history with the code; fails the build when they disagree. */
    @Mojo(name = "validate", requiresDependencyResolution = ResolutionScope.RUNTIME, threadSafe = true)
    static final class Validate extends RequiredSinceMojo {
        @Override
        void run(Migrator.Builder migrator) throws MojoFailureException {
            ValidationReport report = migrator.load().validate();
            for (String warning : report.warnings()) {
                getLog().warn("requiredsince: " + warning);
            }
            if (!report.isValid()) {
                throw new MojoFailureException("requiredsince: the history and the code disagree:\n" + report);
            }
            getLog().info("requiredsince: the history and the code agree");
        }
    }

    /** Reverts the latest applied migration, or every one above {@code requiredsince.undoTo}. */
    @Mojo(name = "undo", requiresDependencyResolution = ResolutionScope.RUNTIME, threadSafe = true)
    static final class Undo extends RequiredSinceMojo {
        /** Reverts every migration above this version; unset: the latest only. */
        @Parameter(property = "requiredsince.undoTo")
        String undoTo;

        /** Drops a column even when it holds values other than the backfill. */
        @Parameter(property = "requiredsince.force", defaultValue = "false")
        boolean force;

        @Override
        void run(Migrator.Builder migrator) {
            Migrator m = migrator.forceUndo(force).load();
            List<UndoResult> undone = undoTo == null ? m.undo() : m.undo(undoTo);
            if (undone.isEmpty()) {
                getLog().info("requiredsince: nothing to undo");
            }
            for (UndoResult u : undone) {
                getLog().info("requiredsince: undid " + (u.version().isNone() ? "" : "v" + u.version() + " ")
                        + u.script() + ": " + String.join("; ", u.statements()));
            }
        }
    }
}
