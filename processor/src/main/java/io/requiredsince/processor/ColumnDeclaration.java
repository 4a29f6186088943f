package io.requiredsince.processor;

import com.palantir.javapoet.ClassName;
import io.requiredsince.runtime.Backfill;
import io.requiredsince.runtime.MigrationVersion;
import io.requiredsince.runtime.SqlType;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;

/**
 * Validates one {@code @RequiredSince} field and turns it into a {@link RequiredColumn}, reporting
 * each problem on the annotation (and the offending value) so that javac points at the right line.
 */
final class ColumnDeclaration {

    static final String REQUIRED_SINCE = "io.requiredsince.RequiredSince";
    private static final String OUR_TABLE = "io.requiredsince.Table";
    private static final String[] JPA_PACKAGES = {"jakarta.persistence.", "javax.persistence."};

    private final Messager messager;
    private final RowBackfillDeclaration rowBackfill;

    ColumnDeclaration(Messager messager, RowBackfillDeclaration rowBackfill) {
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

        if (field.getModifiers().contains(Modifier.STATIC)) {
            error(Message.STATIC_FIELD.format(field.getSimpleName()), field, annotation, null);
            return Optional.empty();
        }
        Element enclosing = field.getEnclosingElement();
        if (!(enclosing instanceof TypeElement entity) || !isTopLevelOrStatic(entity)) {
            error(Message.NOT_IN_A_CLASS.format(field.getSimpleName()), field, annotation, null);
            return Optional.empty();
        }

        boolean valid = true;
        if (!version.isEmpty() && !MigrationVersion.isValid(version)) {
            error(Message.MALFORMED_VERSION.format(version), field, annotation, value(annotation, "version").orElse(null));
            valid = false;
        }

        Optional<AnnotationMirror> jpaColumn = jpa(field, "Column");
        int length = jpaColumn.map(c -> intValue(c, "length")).orElse(0);
        int precision = jpaColumn.map(c -> intValue(c, "precision")).orElse(0);
        int scale = jpaColumn.map(c -> intValue(c, "scale")).orElse(0);
        if (length == 255) {
            length = 0; // JPA's default: not a choice the developer made
        }
        Optional<SqlType> type = SqlTypeModel.forField(field.asType(), length, precision, scale);
        if (type.isEmpty()) {
            error(Message.UNSUPPORTED_TYPE.format(field.asType()), field, annotation, null);
            return Optional.empty();
        }

        String[] table = tableOf(entity);
        String column = jpaColumn.map(c -> stringValue(c, "name")).filter(s -> !s.isEmpty())
                .orElse(snakeCase(field.getSimpleName().toString()));
        String qualified = (table[0].isEmpty() ? "" : table[0] + ".") + table[1] + "." + column;

        RowBackfillDeclaration.Result perRow = rowBackfill.check(field, annotation, qualified, !backfill.isBlank(),
                keepDefault);
        if (perRow.present()) {
            return perRow.valid() && valid ? Optional.of(new RequiredColumn(ClassName.get(entity),
                    field.getSimpleName().toString(), table[0], table[1], column, type.get(),
                    new Backfill(Backfill.Kind.JAVA, perRow.className()), version, keepDefault, field))
                    : Optional.empty();
        }
        if (backfill.isBlank()) {
            String example = SqlTypeModel.exampleLiteral(type.get());
            String versionPart = version.isEmpty() ? "" : "version = \"" + version + "\", ";
            error(Message.MISSING_BACKFILL.format(qualified, versionPart, example.replace("\"", "\\\""), example),
                    field, annotation, null);
            return Optional.empty();
        }
        Optional<BackfillSql.SyntaxError> syntax = BackfillSql.syntaxError(backfill);
        if (syntax.isPresent()) {
            error(Message.INVALID_BACKFILL_SQL.format(backfill, syntax.get().message(), syntax.get().position(),
                    SqlTypeModel.exampleLiteral(type.get())), field, annotation, value(annotation, "backfill").orElse(null));
            valid = false;
        }
        if (!valid) {
            return Optional.empty();
        }
        Backfill classified = BackfillSql.classify(backfill.strip());
        return Optional.of(new RequiredColumn(ClassName.get(entity), field.getSimpleName().toString(), table[0],
                table[1], column, type.get(), classified, version, keepDefault, field));
    }

    /** {schema, table}: our @Table, else JPA's @Table, else the class name in snake_case. */
    private static String[] tableOf(TypeElement entity) {
        Optional<AnnotationMirror> ours = mirror(entity, OUR_TABLE);
        if (ours.isPresent()) {
            String value = stringValue(ours.get(), "value");
            int dot = value.indexOf('.');
            return dot > 0 ? new String[] {value.substring(0, dot), value.substring(dot + 1)} : new String[] {"", value};
        }
        Optional<AnnotationMirror> jpa = jpa(entity, "Table");
        if (jpa.isPresent()) {
            String name = stringValue(jpa.get(), "name");
            if (!name.isEmpty()) {
                return new String[] {stringValue(jpa.get(), "schema"), name};
            }
        }
        return new String[] {"", snakeCase(entity.getSimpleName().toString())};
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

    private void error(String message, Element element, AnnotationMirror annotation, AnnotationValue value) {
        messager.printMessage(javax.tools.Diagnostic.Kind.ERROR, message, element, annotation, value);
    }
}
