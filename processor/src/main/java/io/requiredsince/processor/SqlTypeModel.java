package io.requiredsince.processor;

import io.requiredsince.runtime.SqlType;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.ElementKind;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/** Maps a field's Java type to the portable {@link SqlType} of its column. */
final class SqlTypeModel {

    static final int DEFAULT_LENGTH = 255;
    static final int DEFAULT_PRECISION = 19;
    static final int DEFAULT_SCALE = 2;

    private static final Map<String, SqlType.Kind> DECLARED = Map.ofEntries(
            Map.entry("java.lang.String", SqlType.Kind.VARCHAR),
            Map.entry("java.lang.Character", SqlType.Kind.CHAR),
            Map.entry("java.lang.Boolean", SqlType.Kind.BOOLEAN),
            Map.entry("java.lang.Byte", SqlType.Kind.SMALLINT),
            Map.entry("java.lang.Short", SqlType.Kind.SMALLINT),
            Map.entry("java.lang.Integer", SqlType.Kind.INTEGER),
            Map.entry("java.lang.Long", SqlType.Kind.BIGINT),
            Map.entry("java.lang.Float", SqlType.Kind.REAL),
            Map.entry("java.lang.Double", SqlType.Kind.DOUBLE),
            Map.entry("java.math.BigDecimal", SqlType.Kind.DECIMAL),
            Map.entry("java.util.UUID", SqlType.Kind.UUID),
            Map.entry("java.time.LocalDate", SqlType.Kind.DATE),
            Map.entry("java.time.LocalTime", SqlType.Kind.TIME),
            Map.entry("java.time.LocalDateTime", SqlType.Kind.TIMESTAMP),
            Map.entry("java.time.Instant", SqlType.Kind.TIMESTAMP_WITH_TIME_ZONE),
            Map.entry("java.time.OffsetDateTime", SqlType.Kind.TIMESTAMP_WITH_TIME_ZONE));

    private SqlTypeModel() {
    }

    /**
     * The column type for a field, with {@code @Column(length, precision, scale)} applied where they
     * are set (0 means "not set"). Empty when the Java type has no mapping.
     */
    static Optional<SqlType> forField(TypeMirror type, int length, int precision, int scale) {
        Optional<SqlType.Kind> kind = kindOf(type);
        return kind.map(k -> switch (k) {
            case VARCHAR -> SqlType.varchar(length > 0 ? length : DEFAULT_LENGTH);
            case CHAR -> SqlType.character(length > 0 ? length : 1);
            case DECIMAL -> SqlType.decimal(precision > 0 ? precision : DEFAULT_PRECISION,
                    precision > 0 ? scale : DEFAULT_SCALE);
            default -> new SqlType(k, 0, 0, 0);
        });
    }

    static Optional<SqlType.Kind> kindOf(TypeMirror type) {
        TypeKind tk = type.getKind();
        switch (tk) {
            case BOOLEAN:
                return Optional.of(SqlType.Kind.BOOLEAN);
            case BYTE:
            case SHORT:
                return Optional.of(SqlType.Kind.SMALLINT);
            case INT:
                return Optional.of(SqlType.Kind.INTEGER);
            case LONG:
                return Optional.of(SqlType.Kind.BIGINT);
            case FLOAT:
                return Optional.of(SqlType.Kind.REAL);
            case DOUBLE:
                return Optional.of(SqlType.Kind.DOUBLE);
            case CHAR:
                return Optional.of(SqlType.Kind.CHAR);
            case DECLARED:
                DeclaredType declared = (DeclaredType) type;
                if (declared.asElement().getKind() == ElementKind.ENUM) {
                    // Stored by name, as JPA's @Enumerated(STRING) does.
                    return Optional.of(SqlType.Kind.VARCHAR);
                }
                String name = ((javax.lang.model.element.TypeElement) declared.asElement())
                        .getQualifiedName().toString();
                return Optional.ofNullable(DECLARED.get(name));
            default:
                return Optional.empty();
        }
    }

    /** The Java source that builds {@code type} with {@link SqlType}'s factories, for generated code. */
    static String factoryCall(SqlType type) {
        return switch (type.kind()) {
            case VARCHAR -> "varchar(" + type.length() + ")";
            case CHAR -> "character(" + type.length() + ")";
            case BOOLEAN -> "bool()";
            case SMALLINT -> "smallint()";
            case INTEGER -> "integer()";
            case BIGINT -> "bigint()";
            case REAL -> "real()";
            case DOUBLE -> "doublePrecision()";
            case DECIMAL -> "decimal(" + type.precision() + ", " + type.scale() + ")";
            case UUID -> "uuid()";
            case DATE -> "date()";
            case TIME -> "time()";
            case TIMESTAMP -> "timestamp()";
            case TIMESTAMP_WITH_TIME_ZONE -> "timestampWithTimeZone()";
            case EXPLICIT -> throw new IllegalArgumentException("An explicit type is written with explicit(String)");
        };
    }

    private static final java.util.regex.Pattern NOT_A_TYPE = java.util.regex.Pattern.compile(
            "(?i);|--|/\\*|\\b(?:null|default|primary|unique|check|references|constraint|generated|auto_increment"
                    + "|identity)\\b");

    /**
     * Whether an explicit SQL type is the type alone: the migration adds NOT NULL and the default, so
     * a definition that carries its own would fight them (JPA's columnDefinition often does).
     */
    static boolean isTypeAlone(String sql) {
        return !sql.isBlank() && !NOT_A_TYPE.matcher(sql).find();
    }

    /** A backfill literal that fits the type family, for messages that suggest what to write. */
    static String exampleLiteral(SqlType.Kind kind) {
        return switch (kind) {
            case VARCHAR, CHAR -> "'unknown'";
            case BOOLEAN -> "false";
            case SMALLINT, INTEGER, BIGINT -> "0";
            case REAL, DOUBLE, DECIMAL -> "0.0";
            case UUID -> "'00000000-0000-0000-0000-000000000000'";
            case DATE -> "'1970-01-01'";
            case TIME -> "'00:00:00'";
            case TIMESTAMP, TIMESTAMP_WITH_TIME_ZONE -> "'1970-01-01 00:00:00'";
            case EXPLICIT -> "'…'";
        };
    }
}
