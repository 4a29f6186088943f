package io.requiredsince.liquibase;

import io.requiredsince.runtime.Migration;
import io.requiredsince.runtime.MigrationException;
import io.requiredsince.runtime.MigrationReport;
import io.requiredsince.runtime.MigrationResult;
import io.requiredsince.runtime.MigrationState;
import io.requiredsince.runtime.MigrationVersion;
import io.requiredsince.runtime.Migrator;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import liquibase.Scope;
import liquibase.change.CheckSum;
import liquibase.change.custom.CustomChangeChecksum;
import liquibase.change.custom.CustomSqlChange;
import liquibase.changelog.ChangeSet;
import liquibase.database.Database;
import liquibase.exception.CustomChangeException;
import liquibase.exception.DatabaseException;
import liquibase.exception.ValidationErrors;
import liquibase.executor.Executor;
import liquibase.executor.ExecutorService;
import liquibase.executor.LoggingExecutor;
import liquibase.resource.ResourceAccessor;
import liquibase.statement.SqlStatement;
import liquibase.statement.core.RawParameterizedSqlStatement;

/**
 * The {@code @RequiredSince} migrations of one version, applied at their place in a Liquibase
 * changelog.
 *
 * <pre>{@code
 * <changeSet id="2" author="app">
 *     <customChange class="io.requiredsince.liquibase.RequiredSinceChange">
 *         <param name="version" value="2"/>
 *     </customChange>
 * </changeSet>
 * }</pre>
 *
 * <p>In YAML: {@code - customChange: {class: io.requiredsince.liquibase.RequiredSinceChange, version: "2"}}
 * (quoted: YAML reads {@code 2.10} as the number 2.1).
 *
 * <p>It runs a {@link Migrator} up to its version ({@link Migrator.Builder#target(String)}): the
 * pending migrations of that version and of lower versions no changeset names, on the same lock-safe
 * road as {@code Migrator.migrate()}. Higher versions and those without a version stay pending for
 * the changesets, or the {@code Migrator}, that apply them. The migrator runs outside Liquibase's
 * transaction, which is committed first: its strategy commits per batch and, on PostgreSQL, builds
 * an index concurrently. Give the change a changeset of its own.
 *
 * <p>Parameters: {@code version} (required); the migrator's {@code completeImmediately} ({@code false}
 * by default: expand only, for a rolling deploy), {@code ddlLockTimeout} ({@code 5s}, {@code 500ms},
 * {@code PT5S}), {@code ddlLockRetries} and {@code batchSize}. {@link RequiredSinceLiquibase#scope}
 * gives every change a {@code DataSource} and settings from code.
 *
 * <p>Liquibase's checksum of the changeset is that of the definitions of the version's migrations:
 * its {@code validate} reports an edited one. A failure leaves the changeset unrecorded, and the next
 * {@code update} resumes the migrator where it stopped, from the live schema and its own history
 * ({@code requiredsince_history}). {@code update-sql} prints the script the change would run on the
 * database as it is ({@link Migrator#planScript()}) and changes nothing.
 */
public final class RequiredSinceChange implements CustomSqlChange, CustomChangeChecksum {

    private String version;
    private String completeImmediately;
    private String ddlLockTimeout;
    private String ddlLockRetries;
    private String batchSize;
    private String outcome;

    /** The version of the {@code @RequiredSince} fields this change makes required, such as {@code 2}. */
    public String getVersion() {
        return version;
    }

    public void setVersion(String version) {
        this.version = version;
    }

    /** {@code true}: expand and complete at once, for one application instance at a time; {@code false} by default. */
    public String getCompleteImmediately() {
        return completeImmediately;
    }

    public void setCompleteImmediately(String completeImmediately) {
        this.completeImmediately = completeImmediately;
    }

    /** How long one DDL statement waits for its table lock, such as {@code 5s} or {@code 500ms}. */
    public String getDdlLockTimeout() {
        return ddlLockTimeout;
    }

    public void setDdlLockTimeout(String ddlLockTimeout) {
        this.ddlLockTimeout = ddlLockTimeout;
    }

    /** How many times a DDL statement whose lock wait timed out is retried. */
    public String getDdlLockRetries() {
        return ddlLockRetries;
    }

    public void setDdlLockRetries(String ddlLockRetries) {
        this.ddlLockRetries = ddlLockRetries;
    }

    /** The rows of the first backfill batch. */
    public String getBatchSize() {
        return batchSize;
    }

    public void setBatchSize(String batchSize) {
        this.batchSize = batchSize;
    }

    @Override
    public void setUp() {
    }

    @Override
    public void setFileOpener(ResourceAccessor resourceAccessor) {
    }

    /** The version's migrations, in the order they run. */
    private List<Migration> ours(List<Migration> known) {
        MigrationVersion v = MigrationVersion.parse(version);
        return known.stream().filter(m -> m.version().compareTo(v) == 0).toList();
    }

    private static List<Migration> registered() {
        return Migrator.registered(Scope.getCurrentScope().getClassLoader());
    }

    private boolean versionValid() {
        return version != null && MigrationVersion.isValid(version.strip());
    }

    @Override
    public ValidationErrors validate(Database database) {
        ValidationErrors errors = new ValidationErrors();
        if (version == null || version.isBlank()) {
            errors.addError("requiredsince: the change needs a version parameter, the @RequiredSince version it makes"
                    + " required (<param name=\"version\" value=\"2\"/>, in YAML version: \"2\")");
        } else if (!versionValid()) {
            errors.addError("requiredsince: version \"" + version + "\" is not a version: use dotted numbers such as 2"
                    + " or 2.1");
        } else {
            List<Migration> known = registered();
            if (ours(known).isEmpty()) {
                errors.addError("requiredsince: no @RequiredSince field has version " + version.strip() + "; "
                        + versions(known));
            }
        }
        ChangeSettings.of(this).errors().forEach(errors::addError);
        ChangeSet changeSet = Scope.getCurrentScope().get(Scope.Attr.changeSet, ChangeSet.class);
        if (changeSet != null && changeSet.getChanges().size() > 1) {
            errors.addError("requiredsince: changeset " + changeSet.getId() + " has " + changeSet.getChanges().size()
                    + " changes; give the requiredsince change a changeset of its own (it commits as it goes, so"
                    + " the changeset could not be rolled back as one)");
        }
        return errors;
    }

    /** The versions that exist, with their columns: {@code the versions there are 2 (owners.handle, pets.kind), 3 (…)}. */
    private static String versions(List<Migration> known) {
        if (known.isEmpty()) {
            return "no @RequiredSince migrations are registered on Liquibase's class path"
                    + " (META-INF/services/io.requiredsince.runtime.Migration): is requiredsince-processor in the"
                    + " compiler's annotationProcessorPaths?";
        }
        Map<MigrationVersion, List<String>> byVersion = new TreeMap<>();
        for (Migration m : known) {
            byVersion.computeIfAbsent(m.version(), v -> new ArrayList<>()).add(m.script());
        }
        return "the versions there are " + byVersion.entrySet().stream()
                .map(e -> (e.getKey().isNone() ? "(none)" : e.getKey().toString()) + " (" + String.join(", ", e.getValue()) + ")")
                .collect(Collectors.joining(", "));
    }

    /**
     * The definitions of the version's migrations, not the settings: an edited backfill or type
     * changes it, a new batch size does not.
     */
    @Override
    public CheckSum generateChecksum() {
        StringBuilder text = new StringBuilder("requiredsince ").append(version);
        if (versionValid()) {
            for (Migration m : ours(registered())) {
                text.append(", ").append(m.script()).append(' ').append(m.checksum());
            }
        }
        return CheckSum.compute(text.toString());
    }

    /**
     * Under {@code update}: runs the migrator and returns no statement. Under {@code update-sql}
     * (Liquibase's logging executor): returns the script the migrator would run, changing nothing.
     */
    @Override
    public SqlStatement[] generateStatements(Database database) throws CustomChangeException {
        Executor executor = Scope.getCurrentScope().getSingleton(ExecutorService.class).getExecutor("jdbc", database);
        boolean sqlOnly = executor instanceof LoggingExecutor;
        LiquibaseConnection connection;
        try {
            connection = LiquibaseConnection.of(database);
        } catch (CustomChangeException e) {
            if (sqlOnly) {
                return notPlanned(executor, e.getMessage());
            }
            throw e;
        }
        Migrator.Builder builder = connection.migrator(Scope.getCurrentScope().getClassLoader()).migrations(registered());
        @SuppressWarnings("unchecked")
        UnaryOperator<Migrator.Builder> scoped = Scope.getCurrentScope().get(RequiredSinceLiquibase.SETTINGS, UnaryOperator.class);
        if (scoped == null) {
            scoped = connection.registeredSettings();
        }
        if (scoped != null) {
            builder = scoped.apply(builder);
        }
        ChangeSettings.of(this).apply(builder).target(version.strip());
        return sqlOnly ? script(builder, executor) : run(builder, connection);
    }

    private SqlStatement[] run(Migrator.Builder builder, LiquibaseConnection connection) throws CustomChangeException {
        try {
            connection.endTransaction();
        } catch (SQLException e) {
            throw new CustomChangeException("requiredsince could not commit Liquibase's transaction before version "
                    + version + ": " + e.getMessage(), e);
        }
        try {
            outcome = outcome(builder.load().migrate());
        } catch (MigrationException e) {
            String message = e.getMessage().replaceFirst("\\.+$", "");
            String hint = e.script() == null ? " (" + connection.connectionHint() + ")" : "";
            throw new CustomChangeException("requiredsince version " + version + " failed: " + message + hint
                    + ". The changeset stays unrecorded; the next update resumes it where it stopped.", e);
        }
        return SqlStatement.EMPTY_SQL_STATEMENT;
    }

    /**
     * The migrator's script for the database as it is now. Planning reads the live schema: where
     * the changesets before this one have not run, it names what is missing instead.
     */
    private SqlStatement[] script(Migrator.Builder builder, Executor executor) throws CustomChangeException {
        String script;
        try {
            script = builder.load().planScript();
        } catch (MigrationException e) {
            return notPlanned(executor, e.getMessage() + ". The plan reads the database as it is: run update-sql again"
                    + " once the changesets before this one have run");
        }
        comment(executor, "requiredsince version " + version + ": " + columns());
        return new SqlStatement[] {new RawParameterizedSqlStatement(script.strip())};
    }

    private SqlStatement[] notPlanned(Executor executor, String why) throws CustomChangeException {
        comment(executor, "requiredsince version " + version + ": " + columns());
        comment(executor, "Not planned: " + why.replace('\n', ' '));
        return SqlStatement.EMPTY_SQL_STATEMENT;
    }

    private static void comment(Executor executor, String text) throws CustomChangeException {
        try {
            executor.comment(text);
        } catch (DatabaseException e) {
            throw new CustomChangeException(e);
        }
    }

    /** The columns of the version, {@code owners.handle, pets.kind}. */
    private String columns() {
        if (!versionValid()) {
            return "";
        }
        return ours(registered()).stream().map(Migration::script).collect(Collectors.joining(", "));
    }

    private String outcome(MigrationReport report) {
        if (report.applied().isEmpty()) {
            return columns() + " already required";
        }
        List<String> done = new ArrayList<>();
        for (MigrationResult r : report.applied()) {
            done.add(r.script() + (r.state() == MigrationState.EXPANDED ? " expanded" : " required"));
        }
        boolean expanded = report.applied().stream().anyMatch(r -> r.state() == MigrationState.EXPANDED);
        return String.join(", ", done) + (expanded ? " (NOT NULL once Migrator.complete() or the next version runs)" : "");
    }

    @Override
    public String getConfirmationMessage() {
        return "requiredsince version " + version + ": " + (outcome != null ? outcome : columns());
    }
}
