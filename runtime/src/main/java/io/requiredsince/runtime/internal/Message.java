package io.requiredsince.runtime.internal;

import java.util.Locale;

/**
 * Every failure the runtime reports, worded once. Callers pass the facts ({@code %s}, {@code %d});
 * the text around them says what happened and what to do.
 */
public enum Message {
    UNSUPPORTED_DATABASE("Unsupported database \"%s %s\": requiredsince supports PostgreSQL, MySQL, MariaDB, SQLite,"
            + " H2, HSQLDB and Derby"),
    TABLE_MISSING("Table %s does not exist: requiredsince adds columns to existing tables, it does not create them"),
    SCHEMA_NOT_SUPPORTED("Table %s.%s is in schema %s, but a SQLite database has only its own schema, main: drop the"
            + " schema from @Table, and migrate an attached database through a DataSource of its own"),
    RESOLVE_FAILED("Migration %s: %s"),
    NO_PRIMARY_KEY("Table %s has no primary key: a batched backfill walks the table by its primary key, and %s offers"
            + " no row address to walk instead. Add one (ALTER TABLE %s ADD PRIMARY KEY (…)) and run migrate() again"),
    PARTITIONED_ROW_BACKFILL_NEEDS_KEY("Table %s is partitioned and has no primary key: a row backfill writes each row"
            + " back by its address, and a ctid names a row only within its own partition. Add a primary key that"
            + " includes the partition key (ALTER TABLE %s ADD PRIMARY KEY (…); PostgreSQL 11 and later), or give the"
            + " column a SQL backfill, which walks every partition by ctid; then run migrate() again"),
    /**
     * Rows left NULL; the last argument, why and what to do, is {@link #BACKFILL_YIELDS_NULL},
     * {@link #WRITTEN_AFTER_THE_BACKFILL} or {@link #ROW_BACKFILL_MISSED}.
     */
    ROWS_STILL_NULL("%d row(s) of %s still have %s NULL after the backfill: %s. The column stays nullable; then run"
            + " migrate() again"),
    BACKFILL_YIELDS_NULL("the backfill \"%s\" yields NULL for them. Make it never NULL, e.g. coalesce(%s, <fallback>),"
            + " or give those rows a value"),
    WRITTEN_AFTER_THE_BACKFILL("the backfill \"%s\" gives each of them a value, so they were inserted after it had"
            + " passed, by a writer that omits the column: an instance of the previous version still running? Applied"
            + " in one phase (completeImmediately(true)) a migration needs such writers stopped: stop them, or leave"
            + " completeImmediately off so that migrate() expands and a fill gives their inserts the value until"
            + " complete() runs after the roll-over"),
    ROW_BACKFILL_MISSED("the row backfill %s did not reach them, nor does it reach rows inserted after it had passed by"
            + " a writer that omits the column. Stop such writers, or give those rows a value"),
    ROW_BACKFILL_RETURNED_NULL("The row backfill %s returned null for the row of %s with %s = %s: return a value for"
            + " every row"),
    ROW_BACKFILL_BY_NAME("The row backfill %s is known by name only: build the backfill with Backfill.perRow(%s.class)"),
    ROW_BACKFILL_CANNOT_START("Cannot create the row backfill %s: it needs a public no-argument constructor (%s)"),
    BATCH_FAILED("after %d row(s) in %d committed batch(es), which keep their values (a rerun continues with the rows"
            + " still NULL): %s"),
    MIGRATION_FAILED("Migration %s failed at step '%s' on %s (table %s): %s%s. The column is left as the last completed"
            + " step made it (never half-tightened) and no row was lost; fix the cause and run migrate() again: it"
            + " resumes from the live schema."),
    RECORD_FAILED("Migration %s completed, but recording it in the history failed: %s. The column is in its end"
            + " state; run migrate() again to record it."),
    COMPLETE_FAILED("Completing migration %s failed at step '%s' on %s (table %s): %s%s. The migration stays"
            + " expanded: inserts that omit the column still get its value, and no row was lost; fix the cause and run"
            + " complete() again: it resumes from the live schema."),
    PARTITIONED_FILL_NEEDS_13("Table %s is partitioned, and %s has no row triggers on a partitioned table (PostgreSQL"
            + " 13 and later have): the trigger that gives the old version's inserts the column's value cannot be"
            + " made, so the migration cannot expand. Nothing was changed. Apply it once no older instance runs, with"
            + " Migrator.configure(dataSource).completeImmediately(true), or give the column a constant backfill."),
    REPAIR_EXPANDED("%s is expanded (its fill gives the old version's inserts the column's value) and is not in the"
            + " code any more: repair() would leave its fill behind. Put the migration back in the code and run"
            + " complete() or undo(); nothing was changed."),
    FILL_LEFT("The fill %s is still in place after complete"),
    EXPAND_STATE_WRONG("The column ended the expand as %s: it should exist"),
    END_STATE_WRONG("The column ended as %s instead of NOT NULL %s a default"),
    DDL_LOCK_EXHAUSTED("Step '%s' on table %s could not get its lock within %d ms, %d times in a row; other sessions"
            + " holding or waiting on the table: %s. Nothing was changed by this step; end or wait out that transaction"
            + " and run migrate() again (or raise ddlLockTimeout/ddlLockRetries)."),
    FINAL_PASS_LOCK("The final pass could not lock table %s %s in %d attempts: a long transaction holds it; end it or"
            + " raise Migrator.configure(..).finalPassLockTimeout, then run migrate() again"),
    INDEX_BUILD_WAITS_FOR_IDLE("The final pass builds the index %s on %s with CREATE INDEX CONCURRENTLY, which waits"
            + " for every open transaction of the database to end, and %s has been idle in its transaction for longer"
            + " than the lock timeout (%d ms): it is waiting for its own client, which may be the caller of migrate()"
            + " (a Java migration inside Flyway's or Liquibase's transaction, a method under @Transactional). Nothing"
            + " was lost. Commit or end that transaction, or call migrate() outside it, and run migrate() again: it"
            + " drops the invalid index this build left and continues"),
    MIGRATION_LOCK_TIMEOUT("Another migrator holds %s and did not release it within %d ms. It is released when that"
            + " migrator finishes or its process ends; raise Migrator.configure(..).lockTimeout(..) to wait longer."),
    LOCK_NEEDS_CONNECTION("The migration lock of this database is a row lock held by a connection of its own, next"
            + " to the one that migrates: a migrator needs two connections from the DataSource, and the second could"
            + " not be had (%s). Give the pool at least two connections"),
    LOCK_LOST("The migration lock (%s) was lost: %s. The migration stopped before its next step or batch; what it"
            + " committed is kept, and migrate() again continues from the live schema"),
    ROW_LOCK_FAILED("Cannot take the migration lock: locking the row of %s failed (%s): %s. The migrator needs to"
            + " create, insert into and update this table (columns id, locked_by)."),
    LOCK_FILE_FAILED("Cannot %s %s: %s"),
    REBUILD_CHECK_FAILED("The table rebuild's check failed, nothing was changed: %s returned %s"),
    REBUILD_SCHEMA("The SQLite table rebuild works on the main database only, not on %s"),
    COLUMN_VANISHED("Column %s vanished before MODIFY"),
    UNDO_NOT_IN_CODE("Cannot undo %s: the migration is not in the code any more, so its column is unknown"),
    UNDO_WOULD_LOSE_VALUES("Undo of %s would drop column %s, and %d row(s) hold %s, it would be lost. Nothing was"
            + " changed. Force it with Migrator.configure(..).forceUndo(true) if that is intended."),
    UNDO_FAILED("Undo of %s failed on %s (table %s): %s"),
    UNDO_CANNOT_RELAX("%s cannot make a column nullable again without rebuilding the table; undo only drops columns a"
            + " migration added there. Nothing was changed."),
    EXISTING_TYPE_DIFFERS("Column %s already exists as %s, where the migration declares %s: the column is left as it"
            + " is, since a migration never changes what it did not add. Change the column or the entity so that they"
            + " agree"),
    EXISTING_DEFAULT_KEPT("Column %s already has the default %s: it is kept, and keepDefault does not replace it with"
            + " %s, since a migration never changes what it did not add. Set the default yourself if it should be"
            + " the backfill"),
    /** The backfill cannot be stored in an existing column; the last argument says why. */
    BACKFILL_DOES_NOT_FIT("The backfill %s cannot be stored in the existing column %s, which is %s: %s. Nothing was"
            + " changed; change the backfill, or the column, then run migrate() again"),
    BACKFILL_TOO_LONG("it is %d characters long"),
    BACKFILL_NOT_A_NUMBER("it is text, and the column holds numbers"),
    DATABASE_ERROR("Database error: %s"),
    READ_ONLY_SERVER("%s at %s %s. Nothing was changed."),
    INTERRUPTED("Interrupted while %s"),
    NO_MIGRATIONS("requiredsince found no migrations. The annotation processor probably did not run: declare"
            + " io.requiredsince:requiredsince-processor in the maven-compiler-plugin's <annotationProcessorPaths>"
            + " (JDK 23 and later run no processor found only on the classpath) and give the plugin a <version> of"
            + " 3.5 or later (without one, Maven 3.8 uses 3.1, which ignores annotationProcessorPaths); then check"
            + " that META-INF/services/io.requiredsince.runtime.Migration is in your jar.");

    private final String format;

    Message(String format) {
        this.format = format;
    }

    /** The message with {@code args} in its places. */
    public String format(Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    /** The failure as an exception whose message is this one. */
    public IllegalStateException failure(Object... args) {
        return new IllegalStateException(format(args));
    }
}
