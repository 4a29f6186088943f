package io.requiredsince.runtime;

/** A migration written by hand, the way generated ones look, for runtime tests. */
record TestMigration(MigrationVersion version, ColumnSpec column) implements Migration {

    static TestMigration of(String version, String table, String column, SqlType type, Backfill backfill,
                            boolean keepDefault) {
        return new TestMigration(MigrationVersion.parse(version), ColumnSpec.builder().table(table).column(column)
                .type(type).backfill(backfill).keepDefault(keepDefault).build());
    }
}
