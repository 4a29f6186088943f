package io.requiredsince.runtime.internal.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.requiredsince.runtime.Backfill;
import io.requiredsince.runtime.ColumnSpec;
import io.requiredsince.runtime.SqlType;
import io.requiredsince.runtime.internal.Engine;
import io.requiredsince.runtime.internal.EngineInfo;
import io.requiredsince.runtime.internal.PriorColumn;
import io.requiredsince.runtime.internal.Sql;
import io.requiredsince.runtime.internal.Target;
import org.junit.jupiter.api.Test;

/** How the rebuild edits the CREATE TABLE text: only the target column's NULL, NOT NULL and DEFAULT. */
class CreateTableTextTest {

    private static CreateTableText rebuild(boolean keepDefault) {
        return rebuild(keepDefault, PriorColumn.MISSING);
    }

    private static CreateTableText rebuild(boolean keepDefault, PriorColumn prior) {
        ColumnSpec spec = ColumnSpec.builder().table("t").column("c").type(SqlType.varchar(10))
                .backfill(Backfill.constant("'a''b'")).keepDefault(keepDefault).build();
        return new CreateTableText(new Sql(new EngineInfo(Engine.SQLITE, 3, 47, "3.47.2", false)),
                new Target(spec, null, "t", "c", prior));
    }

    @Test
    void dropsNullNotNullAndDefaultKeepsTheRest() {
        CreateTableText r = rebuild(false);
        assertEquals("c varchar(10) not null", r.requiredDefinition("c varchar(10) null"));
        assertEquals("c varchar(10) not null", r.requiredDefinition("c varchar(10) null not null"));
        assertEquals("\"c\" TEXT COLLATE NOCASE CHECK (c <> 'NULL' AND c IS NOT NULL) not null",
                r.requiredDefinition("\"c\" TEXT DEFAULT ('x' || 'y') COLLATE NOCASE CONSTRAINT nn NULL"
                        + " CHECK (c <> 'NULL' AND c IS NOT NULL)"));
        assertEquals("[c] INTEGER REFERENCES p(id) ON DELETE SET NULL not null",
                r.requiredDefinition("[c] INTEGER DEFAULT -1 REFERENCES p(id) ON DELETE SET NULL"));
        assertEquals("c INTEGER not null", r.requiredDefinition("c INTEGER NOT NULL ON CONFLICT REPLACE DEFAULT 3"));
    }

    @Test
    void keepDefaultAddsTheBackfillAsDefault() {
        assertEquals("c varchar(10) not null default ('a''b')", rebuild(true).requiredDefinition("c varchar(10) null"));
    }

    @Test
    void aDefaultTheColumnHadBeforeStaysAsWrittenWhateverKeepDefaultSays() {
        for (boolean keepDefault : new boolean[] {false, true}) {
            CreateTableText r = rebuild(keepDefault, new PriorColumn(true, "'anonymous'"));
            assertEquals("c varchar(10) DEFAULT 'anonymous' not null",
                    r.requiredDefinition("c varchar(10) DEFAULT 'anonymous' NULL"));
            assertEquals("c TEXT CONSTRAINT d DEFAULT ('x' || 'y') COLLATE NOCASE not null",
                    r.requiredDefinition("c TEXT CONSTRAINT d DEFAULT ('x' || 'y') COLLATE NOCASE"));
        }
    }

    @Test
    void newTableKeepsConstraintsOptionsAndInsertsAMissingColumnAfterTheLastColumn() {
        CreateTableText r = rebuild(false);
        assertEquals("create table requiredsince_new_t (id INTEGER PRIMARY KEY, \"C\" TEXT not null,"
                        + " CONSTRAINT u UNIQUE (id, \"C\"), FOREIGN KEY (id) REFERENCES p(id)) WITHOUT ROWID",
                r.newCreateTable("CREATE TABLE t (id INTEGER PRIMARY KEY, \"C\" TEXT DEFAULT 'x', CONSTRAINT u"
                        + " UNIQUE (id, \"C\"), FOREIGN KEY (id) REFERENCES p(id)) WITHOUT ROWID",
                        "requiredsince_new_t", true));
        assertEquals("create table requiredsince_new_t (id INTEGER, -- comment, with comma\n name TEXT,"
                        + " c varchar(10) not null, PRIMARY KEY (id))",
                r.newCreateTable("CREATE TABLE \"t\"(id INTEGER, -- comment, with comma\n name TEXT, PRIMARY KEY (id))",
                        "requiredsince_new_t", false));
    }
}
