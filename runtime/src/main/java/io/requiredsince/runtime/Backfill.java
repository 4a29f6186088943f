package io.requiredsince.runtime;

import java.util.Objects;

/**
 * The value the existing rows get: a SQL expression classified at compile time, or a Java class
 * that computes it per row.
 *
 * @param kind {@link Kind#CONSTANT} for a literal (the same value for every row, which some
 *     engines can add without touching the rows), {@link Kind#EXPRESSION} for anything evaluated
 *     per row ({@code lower(username)}, {@code random()}), {@link Kind#JAVA} for a {@link RowBackfill}
 * @param sql the expression exactly as written in {@code @RequiredSince(backfill = …)}; for
 *     {@link Kind#JAVA} the class's name
 * @param rowBackfill the class computing the value per row for {@link Kind#JAVA}, else null
 */
public record Backfill(Kind kind, String sql, Class<? extends RowBackfill<?>> rowBackfill) {

    /** How the backfill is evaluated. */
    public enum Kind { CONSTANT, EXPRESSION, JAVA }

    public Backfill {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(sql, "sql");
        if (sql.isBlank()) {
            throw new IllegalArgumentException("A backfill needs a SQL expression");
        }
        if (kind == Kind.CONSTANT && !isLiteral(sql)) {
            throw new IllegalArgumentException("Backfill " + sql + " is not a literal, so it is not the same for every"
                    + " row: use Backfill.expression, or Backfill.of to classify it");
        }
        if (kind != Kind.JAVA && rowBackfill != null) {
            throw new IllegalArgumentException("A row backfill class goes with Kind.JAVA only");
        }
    }

    /** A SQL backfill. */
    public Backfill(Kind kind, String sql) {
        this(kind, sql, null);
    }

    /** A value computed per row in Java by a new instance of {@code type}. */
    public static Backfill perRow(Class<? extends RowBackfill<?>> type) {
        return new Backfill(Kind.JAVA, type.getName(), type);
    }

    /** Whether the value is computed in Java, row by row. */
    public boolean isJava() {
        return kind == Kind.JAVA;
    }

    /** Classifies {@code sql}: a literal is a constant, anything else an expression evaluated per row. */
    public static Backfill of(String sql) {
        return new Backfill(isLiteral(sql) ? Kind.CONSTANT : Kind.EXPRESSION, sql);
    }

    /** Whether {@code sql} is a single literal: a string, a number, a boolean or a typed date/time string. */
    public static boolean isLiteral(String sql) {
        return LiteralScan.isLiteral(sql);
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
