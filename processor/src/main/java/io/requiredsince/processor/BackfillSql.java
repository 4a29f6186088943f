package io.requiredsince.processor;

import io.requiredsince.runtime.Backfill;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.ParseUnknownFunctions;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.jooq.impl.ParserException;

/**
 * Reads a backfill: checks its syntax with jOOQ's parser, and classifies it as a constant (a
 * literal, the same for every row) or an expression evaluated per row. Only literals count as
 * constants, so a volatile call such as {@code random()} is never mistaken for one.
 */
final class BackfillSql {

    /** A syntax error in a backfill: the parser's message and the 1-based position inside the backfill. */
    record SyntaxError(String message, int position) {
    }

    private static DSLContext parser;

    private BackfillSql() {
    }

    static Backfill classify(String sql) {
        return Backfill.of(sql);
    }

    /** The syntax error in {@code sql}, if any. */
    static Optional<SyntaxError> syntaxError(String sql) {
        if (Backfill.isLiteral(sql)) {
            // A literal needs no parser; this keeps the common case cheap.
            return Optional.empty();
        }
        try {
            parser().parser().parseField(sql);
            return Optional.empty();
        } catch (ParserException e) {
            String msg = e.getMessage();
            int bracket = msg.indexOf(':');
            return Optional.of(new SyntaxError(bracket > 0 ? msg.substring(0, bracket).strip() : msg,
                    Math.max(1, e.position() + 1)));
        }
    }

    // jOOQ's parser is costly to start: make it once, and only when a backfill needs it.
    private static synchronized DSLContext parser() {
        if (parser == null) {
            System.setProperty("org.jooq.no-logo", "true");
            System.setProperty("org.jooq.no-tips", "true");
            parser = DSL.using(SQLDialect.DEFAULT, new Settings()
                    .withParseUnknownFunctions(ParseUnknownFunctions.IGNORE));
        }
        return parser;
    }
}
