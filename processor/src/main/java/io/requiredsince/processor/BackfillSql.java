package io.requiredsince.processor;

import io.requiredsince.runtime.Backfill;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.SQLDialect;
import org.jooq.conf.ParseNameCase;
import org.jooq.conf.ParseUnknownFunctions;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.jooq.impl.ParserException;

/**
 * Reads a backfill: checks its syntax with jOOQ's parser, finds the columns an expression refers to,
 * and classifies it as a constant (a literal, the same for every row) or an expression evaluated per
 * row. Only literals count as constants, so a volatile call such as {@code random()} is never
 * mistaken for one.
 */
final class BackfillSql {

    /** A quoted name in jOOQ's rendering that is not a function's or a qualifier: a column. */
    private static final Pattern QUOTED_NAME = Pattern.compile("\"((?:[^\"]|\"\")+)\"(?!\\s*[(.])");
    private static final Pattern SUBQUERY = Pattern.compile("(?i)\\bselect\\b");

    /** A syntax error in a backfill: the parser's message and the 1-based position inside the backfill. */
    record SyntaxError(String message, int position) {
    }

    /**
     * What the parser saw in an expression.
     *
     * @param syntaxError the syntax error, if any (then nothing else is known)
     * @param references the columns (and tables) it refers to, sorted; "a subquery" for one
     * @param tooDeep whether it nests deeper than the parser can follow (then nothing else is known)
     */
    record Analysis(Optional<SyntaxError> syntaxError, List<String> references, boolean tooDeep) {

        Analysis(Optional<SyntaxError> syntaxError, List<String> references) {
            this(syntaxError, references, false);
        }
    }

    private static DSLContext parser;

    /** What jOOQ's parser cost in this class loader so far, in nanoseconds: start-up, and all parses. */
    static final java.util.concurrent.atomic.AtomicLong PARSER_START_NANOS = new java.util.concurrent.atomic.AtomicLong();
    static final java.util.concurrent.atomic.AtomicLong PARSER_NANOS = new java.util.concurrent.atomic.AtomicLong();
    static final java.util.concurrent.atomic.AtomicInteger PARSES = new java.util.concurrent.atomic.AtomicInteger();

    private BackfillSql() {
    }

    static boolean isLiteral(String sql) {
        return Backfill.isLiteral(sql);
    }

    static Backfill classify(String sql) {
        return Backfill.of(sql);
    }

    /** The syntax error in {@code sql}, if any. */
    static Optional<SyntaxError> syntaxError(String sql) {
        return isLiteral(sql) ? Optional.empty() : analyze(sql).syntaxError();
    }

    /**
     * Checks an expression and lists the columns it refers to. Literals need no parser; the common
     * expressions are read by {@link ExpressionScan}; jOOQ's parser reads the rest (and every error),
     * the names it refers to read from its rendering, where every name is quoted.
     */
    static Analysis analyze(String sql) {
        if (isLiteral(sql)) {
            return new Analysis(Optional.empty(), List.of());
        }
        Optional<List<String>> simple = ExpressionScan.columnsIfSimple(sql);
        if (simple.isPresent()) {
            return new Analysis(Optional.empty(), simple.get()); // the parser is not needed: see ExpressionScan
        }
        return analyzeWithParser(sql);
    }

    /** {@link #analyze} by jOOQ's parser alone. */
    static Analysis analyzeWithParser(String sql) {
        long start = System.nanoTime();
        try {
            return parse(sql);
        } finally {
            PARSER_NANOS.addAndGet(System.nanoTime() - start);
            PARSES.incrementAndGet();
        }
    }

    private static Analysis parse(String sql) {
        try {
            return parseAndRender(sql);
        } catch (StackOverflowError e) {
            // jOOQ's parser and renderer recurse once per level of nesting: javac's stack is the limit.
            return new Analysis(Optional.empty(), List.of(), true);
        }
    }

    private static Analysis parseAndRender(String sql) {
        DSLContext dsl = parser();
        Field<?> field;
        try {
            field = dsl.parser().parseField(sql);
        } catch (ParserException e) {
            String msg = e.getMessage();
            int bracket = msg.indexOf(':');
            return new Analysis(Optional.of(new SyntaxError(bracket > 0 ? msg.substring(0, bracket).strip() : msg,
                    Math.max(1, e.position() + 1))), List.of());
        }
        String rendered = SqlText.blankStrings(dsl.renderInlined(field));
        TreeSet<String> references = new TreeSet<>();
        Matcher names = QUOTED_NAME.matcher(rendered);
        while (names.find()) {
            references.add(names.group(1).replace("\"\"", "\""));
        }
        List<String> result = new ArrayList<>(references);
        if (SUBQUERY.matcher(rendered).find()) {
            result.add(0, "a subquery");
        }
        return new Analysis(Optional.empty(), List.copyOf(result));
    }

    // jOOQ's parser is costly to start: make it once, and only when a backfill needs it.
    private static synchronized DSLContext parser() {
        if (parser == null) {
            long start = System.nanoTime();
            System.setProperty("org.jooq.no-logo", "true");
            System.setProperty("org.jooq.no-tips", "true");
            parser = DSL.using(SQLDialect.DEFAULT, new Settings()
                    .withParseUnknownFunctions(ParseUnknownFunctions.IGNORE)
                    .withParseNameCase(ParseNameCase.AS_IS)
                    .withRenderQuotedNames(RenderQuotedNames.ALWAYS));
            parser.parser().parseField("1"); // loads the parser's classes, so that start-up is measured apart
            PARSER_START_NANOS.addAndGet(System.nanoTime() - start);
        }
        return parser;
    }
}
