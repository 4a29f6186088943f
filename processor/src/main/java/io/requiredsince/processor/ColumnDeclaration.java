package io.requiredsince.processor;

import com.palantir.javapoet.ClassName;
import io.requiredsince.runtime.Backfill;
import io.requiredsince.runtime.MigrationVersion;
import io.requiredsince.runtime.SqlType;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.Name;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.tools.Diagnostic;

/**
 * Validates one {@code @RequiredSince} field and turns it into a {@link RequiredColumn}, reporting
 * each problem on the annotation (and the offending value) so that javac points at the right line.
 */
final class ColumnDeclaration {

    static final String REQUIRED_SINCE = "io.requiredsince.RequiredSince";
    private static final String OUR_TABLE = "io.requiredsince.Table";
    private static final String[] JPA_PACKAGES = {"jakarta.persistence.", "javax.persistence."};

    private final FormattingMessager messager;
    private final RowBackfillDeclaration rowBackfill;

    ColumnDeclaration(FormattingMessager messager, RowBackfillDeclaration rowBackfill) {
        this.messager = messager;
        this.rowBackfill = rowBackfill;
    }

    /** The validated column, or empty after reporting why not. */
    Optional<RequiredColumn> createIfValid(VariableElement field) {
        AnnotationMirror annotation = mirror(field, REQUIRED_SINCE).orElseThrow();
        String version = stringValue(annotation, "version");
        String backfill = stringValue(annotation, "backfill");
        boolean keepDefault = Boolean.TRUE.equals(value(annotation, "keepDefault").map(AnnotationValue::getValue)
                .orElse(false));
        Name name = field.getSimpleName();

        // Placement: where the field is decides whether it has a column at all.
        Set<Modifier> modifiers = field.getModifiers();
        if (modifiers.contains(Modifier.STATIC)) {
            return report(Message.STATIC_FIELD, field, annotation, null, name);
        }
        if (modifiers.contains(Modifier.TRANSIENT)) {
            return report(Message.TRANSIENT_FIELD, field, annotation, null, name);
        }
        if (jpa(field, "Transient").isPresent()) {
            return report(Message.JPA_TRANSIENT_FIELD, field, annotation, null, name);
        }
        Element enclosing = field.getEnclosingElement();
        if (!(enclosing instanceof TypeElement entity) || !isTopLevelOrStatic(entity)) {
            return report(Message.NOT_IN_A_CLASS, field, annotation, null, name);
        }
        // A record's fields are final by nature and its components are set through the constructor.
        if (modifiers.contains(Modifier.FINAL) && entity.getKind() != ElementKind.RECORD) {
            return report(Message.FINAL_FIELD, field, annotation, null, name);
        }

        boolean valid = true;
        Optional<String[]> table = tableOf(entity);
        if (table.isEmpty()) {
            report(Message.NO_TABLE, field, annotation, null, entity.getQualifiedName(),
                    mirror(entity, OUR_TABLE).map(t -> stringValue(t, "value")).orElse(""));
            valid = false;
        }
        if (!version.isEmpty() && !MigrationVersion.isValid(version)) {
            report(Message.MALFORMED_VERSION, field, annotation, value(annotation, "version").orElse(null), version);
            valid = false;
        }

        // The type: ours (sqlType), else JPA's columnDefinition, else from the Java type.
        Optional<AnnotationMirror> jpaColumn = jpa(field, "Column");
        Optional<SqlType> type;
        String sqlType = stringValue(annotation, "sqlType");
        String columnDefinition = jpaColumn.map(c -> stringValue(c, "columnDefinition")).orElse("");
        if (!sqlType.isBlank() || !columnDefinition.isBlank()) {
            String explicit = sqlType.isBlank() ? columnDefinition : sqlType;
            if (!SqlTypeModel.isTypeAlone(explicit)) {
                return report(Message.BAD_SQL_TYPE, field, sqlType.isBlank() ? jpaColumn.get() : annotation,
                        sqlType.isBlank() ? value(jpaColumn.get(), "columnDefinition").orElse(null)
                                : value(annotation, "sqlType").orElse(null), explicit.strip());
            }
            type = Optional.of(SqlType.explicit(explicit));
        } else {
            int length = jpaColumn.map(c -> intValue(c, "length")).orElse(0);
            int precision = jpaColumn.map(c -> intValue(c, "precision")).orElse(0);
            int scale = jpaColumn.map(c -> intValue(c, "scale")).orElse(0);
            if (length == 255) {
                length = 0; // JPA's default: not a choice the developer made
            }
            type = SqlTypeModel.forField(field.asType(), length, precision, scale);
        }
        if (type.isEmpty()) {
            return report(Message.UNSUPPORTED_TYPE, field, annotation, null, field.asType());
        }
        if (!valid) {
            return Optional.empty();
        }

        String column = jpaColumn.map(c -> stringValue(c, "name")).filter(s -> !s.isEmpty())
                .orElse(snakeCase(name.toString()));
        String qualified = (table.get()[0].isEmpty() ? "" : table.get()[0] + ".") + table.get()[1] + "." + column;
        RowBackfillDeclaration.Result perRow = rowBackfill.check(field, annotation, qualified, !backfill.isBlank(),
                keepDefault);
        if (perRow.present()) {
            return perRow.valid() ? Optional.of(new RequiredColumn(ClassName.get(entity), name.toString(),
                    table.get()[0], table.get()[1], column, type.get(), new Backfill(Backfill.Kind.JAVA,
                    perRow.className()), version, keepDefault, field)) : Optional.empty();
        }
        BackfillCheck.Target target = new BackfillCheck.Target(qualified, type.get(), field.asType().toString(),
                SqlTypeModel.kindOf(field.asType()), enumConstants(field), keepDefault);

        if (backfill.isBlank()) {
            String example = BackfillCheck.example(target);
            String versionPart = version.isEmpty() ? "" : "version = \"" + version + "\", ";
            return report(Message.MISSING_BACKFILL, field, annotation, null, qualified, versionPart,
                    example.replace("\"", "\\\""), example);
        }
        for (BackfillCheck.Problem problem : BackfillCheck.check(backfill, target)) {
            report(problem.message(), field, annotation, value(annotation, "backfill").orElse(null), problem.args());
            valid &= problem.message().kind() != Diagnostic.Kind.ERROR;
        }
        if (!valid) {
            return Optional.empty();
        }
        return Optional.of(new RequiredColumn(ClassName.get(entity), name.toString(), table.get()[0],
                table.get()[1], column, type.get(), BackfillSql.classify(backfill.strip()), version, keepDefault, field));
    }

    /** The constants of an enum field, in declaration order; empty for any other type. */
    private static List<String> enumConstants(VariableElement field) {
        if (field.asType() instanceof DeclaredType declared && declared.asElement().getKind() == ElementKind.ENUM) {
            return declared.asElement().getEnclosedElements().stream()
                    .filter(e -> e.getKind() == ElementKind.ENUM_CONSTANT)
                    .map(e -> e.getSimpleName().toString())
                    .toList();
        }
        return List.of();
    }

    /**
     * {schema, table}: our @Table, else JPA's @Table, else the class name in snake_case. Empty when
     * our @Table names none: blank, or more parts than schema and table.
     */
    private static Optional<String[]> tableOf(TypeElement entity) {
        Optional<AnnotationMirror> ours = mirror(entity, OUR_TABLE);
        if (ours.isPresent()) {
            String value = stringValue(ours.get(), "value").strip();
            String[] parts = value.split("\\.", -1);
            if (value.isEmpty() || parts.length > 2 || Arrays.stream(parts).anyMatch(p -> p.isBlank())) {
                return Optional.empty();
            }
            return Optional.of(parts.length == 2 ? parts : new String[] {"", value});
        }
        Optional<AnnotationMirror> jpa = jpa(entity, "Table");
        if (jpa.isPresent()) {
            String name = stringValue(jpa.get(), "name");
            if (!name.isEmpty()) {
                return Optional.of(new String[] {stringValue(jpa.get(), "schema"), name});
            }
        }
        return Optional.of(new String[] {"", snakeCase(entity.getSimpleName().toString())});
    }

    private static boolean isTopLevelOrStatic(TypeElement type) {
        if (type.getKind() != ElementKind.CLASS && type.getKind() != ElementKind.RECORD) {
            return false;
        }
        NestingKind nesting = type.getNestingKind();
        return nesting == NestingKind.TOP_LEVEL
                || nesting == NestingKind.MEMBER && type.getModifiers().contains(Modifier.STATIC);
    }

    /** {@code firstName} → {@code first_name}, {@code HTTPServer} → {@code http_server}. */
    static String snakeCase(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2")
                .replaceAll("([A-Z]+)([A-Z][a-z])", "$1_$2")
                .toLowerCase(Locale.ROOT);
    }

    private static Optional<AnnotationMirror> jpa(Element element, String simpleName) {
        for (String pkg : JPA_PACKAGES) {
            Optional<AnnotationMirror> m = mirror(element, pkg + simpleName);
            if (m.isPresent()) {
                return m;
            }
        }
        return Optional.empty();
    }

    static Optional<AnnotationMirror> mirror(Element element, String qualifiedName) {
        for (AnnotationMirror m : element.getAnnotationMirrors()) {
            TypeElement type = (TypeElement) m.getAnnotationType().asElement();
            if (type.getQualifiedName().contentEquals(qualifiedName)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    // Explicit values only: defaults are read from the annotation type, which JPA's may not be on the path.
    private static Optional<AnnotationValue> value(AnnotationMirror mirror, String name) {
        for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e : mirror.getElementValues().entrySet()) {
            if (e.getKey().getSimpleName().contentEquals(name)) {
                return Optional.of(e.getValue());
            }
        }
        return Optional.empty();
    }

    private static String stringValue(AnnotationMirror mirror, String name) {
        return value(mirror, name).map(v -> String.valueOf(v.getValue())).orElse("");
    }

    private static int intValue(AnnotationMirror mirror, String name) {
        return value(mirror, name).map(v -> v.getValue() instanceof Integer i ? i : 0).orElse(0);
    }

    /** Reports {@code message} on the annotation (and the value, when given); always empty, for early returns. */
    private Optional<RequiredColumn> report(Message message, Element element, AnnotationMirror annotation,
                                            AnnotationValue value, Object... args) {
        messager.printMessage(element, annotation, value, message, args);
        return Optional.empty();
    }
}
