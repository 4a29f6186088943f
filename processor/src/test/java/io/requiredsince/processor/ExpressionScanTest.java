package io.requiredsince.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link ExpressionScan} must accept only what jOOQ's parser accepts, and see the same columns:
 * otherwise skipping the parser would let a mistake through, or misjudge a kept default.
 */
class ExpressionScanTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "lower(username)", "coalesce(length(name), 0)", "coalesce(nickname, 'none')", "price * 2 + 1",
        "first_name || ' ' || last_name", "concat(first_name, ' ', last_name)", "-amount", "upper(trim(code))",
        "round(price * 1.2, 2)", "now()", "random()", "gen_random_uuid()", "current_timestamp", "(a + b) / 2",
        "replace(email, '@', ' at ')", "substring(code, 1, 3)", "nullif(label, '')", "greatest(a, b, 0)",
        "md5(email)", "mod(id, 10)", "'It''s ' || name", "coalesce(x)", "abs(-balance)",
    })
    void commonExpressionsSkipTheParserAndAgreeWithIt(String sql) {
        Optional<List<String>> fast = ExpressionScan.columnsIfSimple(sql);
        assertTrue(fast.isPresent(), "the scan should read " + sql);
        BackfillSql.Analysis parsed = BackfillSql.analyzeWithParser(sql);
        assertTrue(parsed.syntaxError().isEmpty(), sql + ": " + parsed.syntaxError());
        assertEquals(parsed.references(), fast.get(), sql);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "lower(", "'free", "lower(a, b)", "case when a > 1 then 'x' else 'y' end", "cast(a as int)",
        "t.x + 1", "\"Quoted\"", "(select max(id) from t)", "a > 1", "count(*)", "1e3 + x", "x::text",
        "extract(year from current_date) - birth_year", "unknown_fn(x)", "date '2020-01-01'", "a -- comment",
        "now(1)", "x y",
    })
    void everythingElseIsLeftToTheParser(String sql) {
        assertEquals(Optional.empty(), ExpressionScan.columnsIfSimple(sql), sql);
    }

    /** Random token soup: whatever the scan accepts, jOOQ accepts too, with the same columns. */
    @Test
    void theScanNeverAcceptsWhatTheParserRejects() {
        String[] tokens = {"lower", "upper", "coalesce", "round", "now", "concat", "substring", "x", "name", "select",
            "null", "case", "true", "current_date", "(", ")", "(", ")", ",", "+", "-", "*", "/", "||", "'a'", "''",
            "1", "2.5", ".5", " ", "and", "not", "%", "."};
        Random random = new Random(4);
        int accepted = 0;
        for (int i = 0; i < 4000; i++) {
            StringBuilder sql = new StringBuilder();
            int n = 1 + random.nextInt(8);
            for (int t = 0; t < n; t++) {
                sql.append(tokens[random.nextInt(tokens.length)]).append(random.nextBoolean() ? " " : "");
            }
            String s = sql.toString().strip();
            if (s.isEmpty()) {
                continue;
            }
            Optional<List<String>> fast = ExpressionScan.columnsIfSimple(s);
            if (fast.isPresent()) {
                accepted++;
                BackfillSql.Analysis parsed = BackfillSql.analyzeWithParser(s);
                assertTrue(parsed.syntaxError().isEmpty(), "the scan accepted \"" + s + "\", the parser says "
                        + parsed.syntaxError());
                assertEquals(parsed.references(), fast.get(), s);
            }
        }
        assertTrue(accepted > 200, "the soup must exercise the scan: " + accepted + " accepted");
    }

    @Test
    void literalsAndSimpleExpressionsNeverStartTheParser() {
        List<String> backfills = new ArrayList<>(List.of("'free'", "0", "true", "lower(name)", "a || b"));
        for (String b : backfills) {
            assertTrue(BackfillSql.isLiteral(b) || ExpressionScan.columnsIfSimple(b).isPresent(), b);
        }
    }
}
