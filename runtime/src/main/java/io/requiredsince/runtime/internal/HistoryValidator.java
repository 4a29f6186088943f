package io.requiredsince.runtime.internal;

import io.requiredsince.runtime.Migration;
import io.requiredsince.runtime.ValidationReport;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Compares the history table with the code: an applied migration whose stored definition differs
 * from the code's was edited after it ran; a recorded migration the code lacks was removed. A
 * failed migration may be edited freely: fixing its backfill and running again is how a failure is
 * resolved, and the next run records the new definition.
 */
final class HistoryValidator {

    private final HistoryTable history;
    private final List<Migration> migrations;

    HistoryValidator(HistoryTable history, List<Migration> migrations) {
        this.history = history;
        this.migrations = migrations;
    }

    ValidationReport validate() throws SQLException {
        return validate(history.rows());
    }

    /** The same comparison on rows already read. */
    ValidationReport validate(List<HistoryTable.Row> rows) {
        List<ValidationReport.Changed> changed = new ArrayList<>();
        List<ValidationReport.Missing> missing = new ArrayList<>();
        for (HistoryTable.Row row : rows) {
            if (!row.current()) {
                continue;
            }
            Optional<Migration> m = migrations.stream().filter(x -> x.script().equals(row.script())).findFirst();
            if (m.isEmpty()) {
                missing.add(new ValidationReport.Missing(row.script(), row.version(), row.success()));
                continue;
            }
            if (!row.success()) {
                continue;
            }
            List<String> changes = changes(row, m.get());
            if (!changes.isEmpty()) {
                changed.add(new ValidationReport.Changed(row.script(), row.version(), changes));
            }
        }
        return new ValidationReport(changed, missing);
    }

    private static List<String> changes(HistoryTable.Row row, Migration m) {
        List<String> changes = new ArrayList<>();
        if (!row.version().equals(m.version())) {
            changes.add("version changed from " + show(row.version().toString()) + " to " + show(m.version().toString()));
        }
        Definition stored = Definition.parse(row.definition());
        if (stored != null) {
            changes.addAll(stored.changesTo(Definition.of(m.column())));
        } else if (row.checksum() != m.checksum()) {
            changes.add("checksum changed from " + row.checksum() + " to " + m.checksum()
                    + " (the applied definition was not recorded)");
        }
        return changes;
    }

    private static String show(String version) {
        return version.isEmpty() ? "(none)" : version;
    }

    /** Accepts the code: edited definitions become the recorded ones; removed migrations are marked REMOVED. */
    ValidationReport repair() throws SQLException {
        ValidationReport found = validate();
        // An expanded migration's trigger would outlive it: it is completed or undone first, while the code has it.
        List<HistoryTable.Row> rows = history.rows();
        for (ValidationReport.Missing gone : found.missing()) {
            boolean expanded = rows.stream().anyMatch(r -> r.current() && r.expanded()
                    && r.script().equals(gone.script()));
            if (expanded) {
                throw new io.requiredsince.runtime.MigrationException(gone.script(), "repair",
                        Message.REPAIR_EXPANDED.format(gone.script()), null);
            }
        }
        for (ValidationReport.Changed c : found.changed()) {
            Migration m = migrations.stream().filter(x -> x.script().equals(c.script())).findFirst().orElseThrow();
            history.acceptDefinition(m);
        }
        for (ValidationReport.Missing gone : found.missing()) {
            history.retire(gone.script(), HistoryTable.REMOVED, "removed from the code; accepted by repair()");
        }
        return found;
    }
}
