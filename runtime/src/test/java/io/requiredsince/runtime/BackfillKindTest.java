package io.requiredsince.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Only a literal is a constant: a volatile call is never taken for one. */
class BackfillKindTest {

    @ParameterizedTest
    @ValueSource(strings = {"'free'", "'O''Brien'", "''", "0", "-1", "2.5", "1e3", "true", "FALSE",
            "DATE '2020-01-01'", "timestamp '2020-01-01 10:00:00'", " 'padded' "})
    void literalsAreConstants(String sql) {
        assertEquals(Backfill.Kind.CONSTANT, Backfill.of(sql).kind());
    }

    @ParameterizedTest
    @ValueSource(strings = {"random()", "clock_timestamp()", "gen_random_uuid()", "now()", "current_date",
            "lower(name)", "'a' || 'b'", "1 + 1", "null"})
    void anythingElseIsAnExpression(String sql) {
        assertEquals(Backfill.Kind.EXPRESSION, Backfill.of(sql).kind());
    }

    @ParameterizedTest
    @ValueSource(strings = {"random()", "clock_timestamp()", "lower(name)"})
    void aConstantMustBeALiteral(String sql) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Backfill.constant(sql));
        assertTrue(e.getMessage().contains("not a literal") && e.getMessage().contains("Backfill.expression"),
                e.getMessage());
    }
}
