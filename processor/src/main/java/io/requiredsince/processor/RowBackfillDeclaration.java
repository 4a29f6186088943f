package io.requiredsince.processor;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Types;

/**
 * Validates {@code @RequiredSince(backfillWith = X.class)}: X implements {@code RowBackfill<T>} with
 * {@code T} the field's (boxed) type, the runtime can create it (public, concrete, top-level or
 * static, public no-argument constructor), and {@code backfill} and {@code keepDefault} are not given
 * with it. Errors point at the {@code backfillWith} value.
 */
final class RowBackfillDeclaration {

    static final String ROW_BACKFILL = "io.requiredsince.runtime.RowBackfill";

    /** The outcome: absent (no backfillWith), the class's canonical name, or invalid (reported). */
    record Result(boolean present, boolean valid, String className) {
        static final Result ABSENT = new Result(false, true, null);
        static final Result INVALID = new Result(true, false, null);
    }

    private final ProcessingEnvironment env;
    private final FormattingMessager messager;

    RowBackfillDeclaration(ProcessingEnvironment env, FormattingMessager messager) {
        this.env = env;
        this.messager = messager;
    }

    Result check(VariableElement field, AnnotationMirror annotation, String qualifiedColumn, boolean hasBackfill,
                 boolean keepDefault) {
        Optional<AnnotationValue> value = explicit(annotation, "backfillWith");
        if (value.isEmpty()) {
            return Result.ABSENT;
        }
        if (!(value.get().getValue() instanceof TypeMirror type) || type.getKind() == TypeKind.ERROR) {
            // javac reports the missing symbol; say what the class must be, and report nothing else.
            String given = String.valueOf(value.get().getValue()).replace(".class", "");
            return invalid(field, annotation, value.get(), Message.ROW_BACKFILL_NOT_A_ROW_BACKFILL, given,
                    simple(given), simpleTypeName(boxed(field.asType())));
        }
        Types types = env.getTypeUtils();
        String shown = type.getKind() == TypeKind.DECLARED
                ? ((TypeElement) types.asElement(type)).getQualifiedName().toString() : type.toString();
        if (type.getKind() == TypeKind.DECLARED && shown.equals(ROW_BACKFILL)) {
            return Result.ABSENT; // the element's default: not given
        }
        if (hasBackfill || keepDefault) {
            return invalid(field, annotation, value.get(), Message.ROW_BACKFILL_CONFLICT, qualifiedColumn,
                    hasBackfill ? "backfill" : "keepDefault = true", simple(shown));
        }
        TypeMirror expected = boxed(field.asType());
        String expectedName = simpleTypeName(expected);
        if (type.getKind() != TypeKind.DECLARED) {
            return invalid(field, annotation, value.get(), Message.ROW_BACKFILL_NOT_A_ROW_BACKFILL, shown,
                    simple(shown), expectedName);
        }
        TypeElement cls = (TypeElement) types.asElement(type);
        Optional<TypeMirror> computed = rowBackfillArgument((DeclaredType) type);
        if (computed.isEmpty()) {
            return invalid(field, annotation, value.get(), Message.ROW_BACKFILL_NOT_A_ROW_BACKFILL, shown,
                    simple(shown), expectedName);
        }
        if (!creatable(cls)) {
            return invalid(field, annotation, value.get(), Message.ROW_BACKFILL_NO_CONSTRUCTOR, shown);
        }
        if (!types.isSameType(computed.get(), expected)) {
            return invalid(field, annotation, value.get(), Message.ROW_BACKFILL_WRONG_TYPE, shown, computed.get(),
                    field.getSimpleName(), field.asType(), expectedName);
        }
        return new Result(true, true, shown);
    }

    // RowBackfill's type argument as seen from the class, through any depth of supertypes.
    private Optional<TypeMirror> rowBackfillArgument(DeclaredType type) {
        Types types = env.getTypeUtils();
        for (TypeMirror s : types.directSupertypes(type)) {
            if (s instanceof DeclaredType d) {
                TypeElement e = (TypeElement) d.asElement();
                if (e.getQualifiedName().contentEquals(ROW_BACKFILL)) {
                    List<? extends TypeMirror> args = d.getTypeArguments();
                    // A raw RowBackfill computes Object: it never matches a field's type.
                    return Optional.of(args.isEmpty() ? env.getElementUtils().getTypeElement("java.lang.Object").asType()
                            : args.get(0));
                }
                Optional<TypeMirror> deeper = rowBackfillArgument(d);
                if (deeper.isPresent()) {
                    return deeper;
                }
            }
        }
        return Optional.empty();
    }

    private static boolean creatable(TypeElement cls) {
        if (cls.getKind() != ElementKind.CLASS || !cls.getModifiers().contains(Modifier.PUBLIC)
                || cls.getModifiers().contains(Modifier.ABSTRACT)
                || cls.getNestingKind() != NestingKind.TOP_LEVEL && !(cls.getNestingKind() == NestingKind.MEMBER
                        && cls.getModifiers().contains(Modifier.STATIC))) {
            return false;
        }
        for (ExecutableElement c : ElementFilter.constructorsIn(cls.getEnclosedElements())) {
            if (c.getParameters().isEmpty() && c.getModifiers().contains(Modifier.PUBLIC)) {
                return true;
            }
        }
        return false;
    }

    private TypeMirror boxed(TypeMirror t) {
        return t.getKind().isPrimitive() ? env.getTypeUtils().boxedClass((javax.lang.model.type.PrimitiveType) t).asType() : t;
    }

    private String simpleTypeName(TypeMirror t) {
        return t instanceof DeclaredType d ? d.asElement().getSimpleName().toString() : t.toString();
    }

    private static String simple(String qualified) {
        return qualified.substring(qualified.lastIndexOf('.') + 1);
    }

    private static Optional<AnnotationValue> explicit(AnnotationMirror mirror, String name) {
        for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e : mirror.getElementValues().entrySet()) {
            if (e.getKey().getSimpleName().contentEquals(name)) {
                return Optional.of(e.getValue());
            }
        }
        return Optional.empty();
    }

    /** Reports {@code message} on the {@code backfillWith} value; always {@link Result#INVALID}, for returns. */
    private Result invalid(VariableElement field, AnnotationMirror annotation, AnnotationValue value, Message message,
                           Object... args) {
        messager.printMessage(field, annotation, value, message, args);
        return Result.INVALID;
    }
}
