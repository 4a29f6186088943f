package io.requiredsince.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.requiredsince.runtime.Backfill;
import io.requiredsince.runtime.ColumnSpec;
import io.requiredsince.runtime.SqlType;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A fill's name stands for one column of one table, within the engines' identifier limits. */
class FillNameTest {

    private static Target target(String schema, String table, String column) {
        return new Target(ColumnSpec.builder().table(table).column(column).type(SqlType.varchar(10))
                .backfill(Backfill.expression("lower(x)")).build(), schema, table, column);
    }

    @Test
    void tablesAndColumnsThatReadAlikeGetFillsOfTheirOwn() {
        assertNotEquals(Fill.name(target(null, "a_b", "c")), Fill.name(target(null, "a", "b_c")));
        assertNotEquals(Fill.name(target("s1", "t", "c")), Fill.name(target("s2", "t", "c")));
        assertEquals(Fill.name(target(null, "owners", "email")), Fill.name(target(null, "owners", "email")));
        assertTrue(Fill.name(target(null, "owners", "email")).startsWith("requiredsince_fill_owners_email_"));
    }

    @Test
    void aLongNameStaysWithin63Bytes() {
        String longName = Fill.name(target(null, "t".repeat(60), "é".repeat(30)));
        assertTrue(longName.getBytes(StandardCharsets.UTF_8).length <= 63, longName);
        assertNotEquals(longName, Fill.name(target(null, "t".repeat(60), "è".repeat(30))));
    }
}
