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
        "case when seats > 10 then 'big' else 'small' end", "CASE WHEN a IS NULL THEN b ELSE a END",
        "case status when 'A' then 1 when 'B' then 2 else 0 end", "case when a >= 1 and b <> 2 or not c = 3 then x end",
        "case when a is not null then lower(a) else case when b < 0 then 'neg' else 'pos' end end",
        "coalesce(case when n != 0 then total / n end, 0)", "cast(a as int)", "coalesce(cast(seats as varchar(10)), 'none')",
        "CAST(price * 100 AS bigint)", "cast(amount as decimal(10, 2))", "cast(ratio as double precision) / 2",
        "cast(id as text) || '-' || code",
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
        "lower(", "'free", "lower(a, b)", "case when a > 1 then null else 'y' end", "cast(a as jsonb)",
        "cast(a as varchar(10, 2))", "cast(a)", "cast(a as)", "cast(a as timestamp with time zone)",
        "case when a = 1 then 2 el\u017Fe 3 end", "case when a \u0131s null then 1 end", "cast(a a\u017F int)",
        "cast(a as varchar(\u0663))", "\u0663 + a",
        "case when (a > 1) then 'x' end", "case when active then 1 else 0 end", "case a end", "case when a > 1 end",
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

    /**
     * CASE expressions built from the scan's grammar, then each mutated (a token dropped, doubled or
     * swapped with the next): whatever the scan accepts, jOOQ accepts too, with the same columns; and
     * the scan reads every unmutated one.
     */
    @Test
    void caseExpressionsAndTheirMutationsNeverFoolTheScan() {
        Random random = new Random(16);
        int accepted = 0;
        for (int i = 0; i < 600; i++) {
            List<String> tokens = new ArrayList<>();
            caseTokens(random, tokens, 0);
            accepted += readsThenAgreesMutated(random, tokens);
        }
        assertTrue(accepted > 50, "some mutations stay valid and must agree: " + accepted);
    }

    /** The same for CASTs to the types the scan knows, token by token. */
    @Test
    void castExpressionsAndTheirMutationsNeverFoolTheScan() {
        String[][] types = {{"int"}, {"integer"}, {"bigint"}, {"smallint"}, {"text"}, {"real"}, {"boolean"}, {"date"},
            {"double", "precision"}, {"varchar", "(", "20", ")"}, {"char", "(", "3", ")"}, {"varchar"},
            {"decimal", "(", "10", ",", "2", ")"}, {"numeric", "(", "8", ")"}, {"numeric"}};
        Random random = new Random(23);
        int accepted = 0;
        for (int i = 0; i < 600; i++) {
            List<String> tokens = new ArrayList<>(List.of(random.nextBoolean() ? "cast" : "CAST", "("));
            tokens.add(OPERANDS[random.nextInt(OPERANDS.length)]);
            tokens.add("as");
            tokens.addAll(List.of(types[random.nextInt(types.length)]));
            tokens.add(")");
            if (random.nextBoolean()) {
                tokens.addAll(List.of("||", "'-'"));
            }
            accepted += readsThenAgreesMutated(random, tokens);
        }
        assertTrue(accepted > 5, "some mutations stay valid and must agree: " + accepted);
    }

    /**
     * The scan reads {@code tokens} as the parser does; then, ten times, drops, doubles or swaps a
     * token: how many of those changed inputs the scan reads, each of which the parser must accept alike.
     */
    private static int readsThenAgreesMutated(Random random, List<String> tokens) {
        String valid = String.join(" ", tokens);
        Optional<List<String>> fast = ExpressionScan.columnsIfSimple(valid);
        assertTrue(fast.isPresent(), "the scan should read " + valid);
        assertEquals(BackfillSql.analyzeWithParser(valid).references(), fast.get(), valid);
        int read = 0;
        for (int m = 0; m < 10; m++) {
            read += agreesMutated(random, tokens, valid);
        }
        return read;
    }

    private static int agreesMutated(Random random, List<String> tokens, String valid) {
        List<String> mutated = new ArrayList<>(tokens);
        int at = random.nextInt(mutated.size());
        switch (random.nextInt(3)) {
            case 0 -> mutated.remove(at);
            case 1 -> mutated.add(at, mutated.get(at));
            default -> {
                if (at + 1 < mutated.size()) {
                    java.util.Collections.swap(mutated, at, at + 1);
                }
            }
        }
        String s = String.join(" ", mutated);
        Optional<List<String>> read = ExpressionScan.columnsIfSimple(s);
        if (read.isEmpty() || s.equals(valid)) {
            return 0; // what the scan leaves to the parser, or no change at all (a swap of equal tokens)
        }
        BackfillSql.Analysis parsed = BackfillSql.analyzeWithParser(s);
        assertTrue(parsed.syntaxError().isEmpty(), "the scan accepted \"" + s + "\", the parser says "
                + parsed.syntaxError());
        assertEquals(parsed.references(), read.get(), s);
        return 1;
    }

    private static final String[] OPERANDS = {"a", "b", "seats", "1", "2.5", "'x'", "''", "lower(name)", "-a",
        "a + 1", "coalesce(a, b)", "current_date", "true", "cast(a as int)", "cast(b as varchar(20))",
        "cast(seats + 1 as decimal(10, 2))", "cast(a as double precision)"};
    private static final String[] COMPARE = {"=", "<>", "!=", "<", "<=", ">", ">="};

    private static void caseTokens(Random random, List<String> out, int depth) {
        out.add(random.nextBoolean() ? "case" : "CASE");
        boolean simple = random.nextInt(4) == 0;
        if (simple) {
            out.add(OPERANDS[random.nextInt(OPERANDS.length)]);
        }
        int whens = 1 + random.nextInt(3);
        for (int w = 0; w < whens; w++) {
            out.add("when");
            if (simple) {
                out.add(OPERANDS[random.nextInt(OPERANDS.length)]);
            } else {
                int predicates = 1 + random.nextInt(3);
                for (int p = 0; p < predicates; p++) {
                    if (p > 0) {
                        out.add(random.nextBoolean() ? "and" : "or");
                    }
                    if (random.nextInt(5) == 0) {
                        out.add("not");
                    }
                    out.add(OPERANDS[random.nextInt(OPERANDS.length)]);
                    if (random.nextInt(4) == 0) {
                        out.add("is");
                        if (random.nextBoolean()) {
                            out.add("not");
                        }
                        out.add("null");
                    } else {
                        out.add(COMPARE[random.nextInt(COMPARE.length)]);
                        out.add(OPERANDS[random.nextInt(OPERANDS.length)]);
                    }
                }
            }
            out.add("then");
            result(random, out, depth);
        }
        if (random.nextBoolean()) {
            out.add("else");
            result(random, out, depth);
        }
        out.add("end");
    }

    private static void result(Random random, List<String> out, int depth) {
        if (depth < 2 && random.nextInt(6) == 0) {
            caseTokens(random, out, depth + 1);
        } else {
            out.add(OPERANDS[random.nextInt(OPERANDS.length)]);
        }
    }

    @Test
    void literalsAndSimpleExpressionsNeverStartTheParser() {
        List<String> backfills = new ArrayList<>(List.of("'free'", "0", "true", "lower(name)", "a || b"));
        for (String b : backfills) {
            assertTrue(BackfillSql.isLiteral(b) || ExpressionScan.columnsIfSimple(b).isPresent(), b);
        }
    }
}
