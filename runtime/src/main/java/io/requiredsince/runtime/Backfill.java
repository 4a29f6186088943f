package io.requiredsince.runtime;

import java.util.Objects;

/**
 * The value the existing rows get: a SQL expression, classified at compile time.
 *
 * @param kind {@link Kind#CONSTANT} for a literal (the same value for every row, which some
 *     engines can add without touching the rows), {@link Kind#EXPRESSION} for anything evaluated
 *     per row ({@code lower(username)}, {@code random()})
 * @param sql the expression exactly as written in {@code @RequiredSince(backfill = …)}
 */
public record Backfill(Kind kind, String sql) {

    /** How the backfill is evaluated. */
    public enum Kind { CONSTANT, EXPRESSION }

    public Backfill {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(sql, "sql");
        if (sql.isBlank()) {
            throw new IllegalArgumentException("A backfill needs a SQL expression");
        }
    }

    /** A literal such as {@code 'free'}, {@code true} or {@code 0}. */
    public static Backfill constant(String sql) {
        return new Backfill(Kind.CONSTANT, sql);
    }

    /** An expression evaluated per row, such as {@code lower(username)}. */
    public static Backfill expression(String sql) {
        return new Backfill(Kind.EXPRESSION, sql);
    }

    /** Whether the backfill is the same literal for every row. */
    public boolean isConstant() {
        return kind == Kind.CONSTANT;
    }

    @Override
    public String toString() {
        return sql;
    }
}
