package io.requiredsince.processor;

import com.google.auto.service.AutoService;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.tools.Diagnostic;

/**
 * Turns each {@code @RequiredSince} field into a migration class and lists every one in
 * {@code META-INF/services/io.requiredsince.runtime.Migration}. Validate → model → write:
 * {@link ColumnDeclaration} validates and builds a {@link RequiredColumn}, {@link MigrationWriter}
 * renders it.
 */
@AutoService(Processor.class)
public final class RequiredSinceProcessor extends AbstractProcessor {

    private final TreeSet<String> registry = new TreeSet<>();
    private final Map<String, RequiredColumn> byColumn = new HashMap<>();

    @Override
    public Set<String> getSupportedAnnotationTypes() {
        return Set.of(ColumnDeclaration.REQUIRED_SINCE);
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        TypeElement annotation = processingEnv.getElementUtils().getTypeElement(ColumnDeclaration.REQUIRED_SINCE);
        if (annotation != null) {
            List<Element> fields = new ArrayList<>(round.getElementsAnnotatedWith(annotation));
            // Sort so that diagnostics and duplicates come out the same whatever order javac uses:
            // by class, then in declaration order, so that a duplicate is reported on the later field.
            fields.sort(Comparator.comparing(RequiredSinceProcessor::ownerName)
                    .thenComparingInt(RequiredSinceProcessor::declarationIndex));
            for (Element element : fields) {
                processField(element);
            }
        }
        if (round.processingOver() && !registry.isEmpty()) {
            try {
                MigrationWriter.writeRegistry(processingEnv.getFiler(), new TreeSet<>(registry));
            } catch (IOException | RuntimeException e) {
                processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR,
                        "[RequiredSinceInternal] could not write " + MigrationWriter.REGISTRY + ": " + e);
            }
        }
        return false;
    }

    private void processField(Element element) {
        try {
            if (element.getKind() != ElementKind.FIELD) {
                return; // javac already reports @Target violations
            }
            ColumnDeclaration declaration = new ColumnDeclaration(processingEnv.getMessager(),
                    new RowBackfillDeclaration(processingEnv));
            Optional<RequiredColumn> column = declaration.createIfValid((VariableElement) element);
            if (column.isEmpty()) {
                return;
            }
            RequiredColumn c = column.get();
            RequiredColumn earlier = byColumn.putIfAbsent(c.qualifiedColumn(), c);
            if (earlier != null) {
                processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR,
                        Message.DUPLICATE_COLUMN.format(c.qualifiedColumn(), sortKey(earlier.origin())), element,
                        ColumnDeclaration.mirror(element, ColumnDeclaration.REQUIRED_SINCE).orElse(null));
                return;
            }
            MigrationWriter.migrationFile(c).writeTo(processingEnv.getFiler());
            registry.add(c.migrationClass().canonicalName());
        } catch (IOException | RuntimeException e) {
            processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR,
                    Message.INTERNAL_ERROR.format(sortKey(element), e), element);
        }
    }

    private static String sortKey(Element field) {
        return ownerName(field) + "." + field.getSimpleName();
    }

    private static String ownerName(Element field) {
        Element owner = field.getEnclosingElement();
        return owner instanceof TypeElement t ? t.getQualifiedName().toString() : String.valueOf(owner);
    }

    // Enclosed elements come in source order for source files (and in class-file order otherwise).
    private static int declarationIndex(Element field) {
        return field.getEnclosingElement().getEnclosedElements().indexOf(field);
    }
}
