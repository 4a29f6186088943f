package io.requiredsince.processor;

import com.google.auto.service.AutoService;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.tools.JavaFileObject;

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
    /**
     * Fields whose type another processor has yet to generate, as {owner's qualified name, field
     * name}: retried each round (elements do not survive rounds, names do).
     */
    private final Set<List<String>> deferred = new TreeSet<>(Comparator.comparing((List<String> k) -> k.get(0))
            .thenComparing(k -> k.get(1)));

    private FormattingMessager messager;
    private LocalClassScan localClasses;
    private final Timing timing = new Timing();

    /** Runs on each valid column before it is written. A seam for tests, which make it throw. */
    UnaryOperator<RequiredColumn> beforeWrite = UnaryOperator.identity();

    /**
     * Every annotation, though only {@code @RequiredSince} is read: javac runs a processor only for
     * annotations it finds on members, never inside method bodies, and a {@code @RequiredSince} on a
     * local class must still be reported. Nothing is claimed ({@link #process} returns false).
     */
    @Override
    public Set<String> getSupportedAnnotationTypes() {
        return Set.of("*");
    }

    /** {@code -Arequiredsince.timing}: a note at the end with where the processor's time went. */
    static final String TIMING_OPTION = "requiredsince.timing";

    @Override
    public Set<String> getSupportedOptions() {
        return Set.of(TIMING_OPTION);
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        long start = System.nanoTime();
        // Nothing may reach javac: whatever escapes the per-field guard is reported, never thrown.
        try {
            processRound(round);
        } catch (RuntimeException | LinkageError | StackOverflowError e) {
            messager.printMessage(Message.INTERNAL_ERROR, "(none: the round itself failed)", e);
        }
        timing.totalNanos += System.nanoTime() - start;
        if (round.processingOver() && processingEnv.getOptions().containsKey(TIMING_OPTION)) {
            messager.printMessage(Message.TIMING, timing.arguments(registry.size()));
        }
        return false;
    }

    @Override
    public synchronized void init(ProcessingEnvironment env) {
        super.init(env);
        messager = new FormattingMessager(env.getMessager());
        localClasses = LocalClassScan.create(env, messager);
    }

    private void processRound(RoundEnvironment round) {
        if (localClasses != null) {
            localClasses.scan(round.getRootElements());
        }
        List<Element> fields = new ArrayList<>();
        for (List<String> key : List.copyOf(deferred)) {
            TypeElement owner = processingEnv.getElementUtils().getTypeElement(key.get(0));
            if (owner != null) {
                owner.getEnclosedElements().stream()
                        .filter(e -> e.getKind() == ElementKind.FIELD && e.getSimpleName().contentEquals(key.get(1)))
                        .forEach(fields::add);
            }
        }
        deferred.clear();
        TypeElement annotation = processingEnv.getElementUtils().getTypeElement(ColumnDeclaration.REQUIRED_SINCE);
        if (annotation != null) {
            fields.addAll(round.getElementsAnnotatedWith(annotation));
        }
        // Sort so that diagnostics and duplicates come out the same whatever order javac uses:
        // by class, then in declaration order, so that a duplicate is reported on the later field.
        fields.sort(Comparator.comparing(RequiredSinceProcessor::ownerName)
                .thenComparingInt(RequiredSinceProcessor::declarationIndex));
        for (Element element : fields) {
            processField(element, round.processingOver());
        }
        if (round.processingOver() && !registry.isEmpty()) {
            try {
                MigrationWriter.writeRegistry(processingEnv.getFiler(), new TreeSet<>(registry));
            } catch (IOException | RuntimeException e) {
                messager.printMessage(Message.REGISTRY_NOT_WRITTEN, MigrationWriter.REGISTRY, e);
            }
        }
    }

    private void processField(Element element, boolean lastRound) {
        try {
            if (element.getKind() != ElementKind.FIELD) {
                return; // javac already reports @Target violations
            }
            if (element.asType().getKind() == TypeKind.ERROR) {
                // A type another processor generates in a later round; in the last round javac itself
                // reports the missing type, on the field.
                if (!lastRound) {
                    deferred.add(List.of(ownerName(element), element.getSimpleName().toString()));
                }
                return;
            }
            ColumnDeclaration declaration = new ColumnDeclaration(messager,
                    new RowBackfillDeclaration(processingEnv, messager));
            Optional<RequiredColumn> column = declaration.createIfValid((VariableElement) element);
            if (column.isEmpty()) {
                return;
            }
            RequiredColumn c = beforeWrite.apply(column.get());
            RequiredColumn earlier = byColumn.putIfAbsent(c.qualifiedColumn(), c);
            if (earlier != null) {
                reportClash(c, earlier);
                return;
            }
            long rendering = System.nanoTime();
            String source = MigrationWriter.migrationFile(c).toString();
            long writing = System.nanoTime();
            JavaFileObject file = processingEnv.getFiler().createSourceFile(c.migrationClass().canonicalName(), c.origin());
            try (Writer w = file.openWriter()) {
                w.write(source);
            }
            timing.renderingNanos += writing - rendering;
            timing.writingNanos += System.nanoTime() - writing;
            registry.add(c.migrationClass().canonicalName());
        } catch (IOException | RuntimeException | LinkageError | StackOverflowError e) {
            messager.printMessage(element, Message.INTERNAL_ERROR, sortKey(element), e);
        }
    }

    /** The same column twice: a conflict when both claim the same version with different definitions. */
    private void reportClash(RequiredColumn c, RequiredColumn earlier) {
        List<String> differences = new ArrayList<>();
        if (!c.type().equals(earlier.type())) {
            differences.add("type " + c.type() + " here, " + earlier.type() + " there");
        }
        if (!c.backfill().equals(earlier.backfill())) {
            differences.add("backfill " + c.backfill().sql() + " here, " + earlier.backfill().sql() + " there");
        }
        if (c.keepDefault() != earlier.keepDefault()) {
            differences.add("keepDefault " + c.keepDefault() + " here, " + earlier.keepDefault() + " there");
        }
        AnnotationMirror annotation = ColumnDeclaration.mirror(c.origin(), ColumnDeclaration.REQUIRED_SINCE)
                .orElse(null);
        if (c.version().equals(earlier.version()) && !differences.isEmpty()) {
            messager.printMessage(c.origin(), annotation, Message.CONFLICTING_DEFINITION, c.qualifiedColumn(),
                    c.version().isEmpty() ? "(none)" : c.version(), sortKey(earlier.origin()),
                    String.join("; ", differences));
        } else {
            messager.printMessage(c.origin(), annotation, Message.DUPLICATE_COLUMN, c.qualifiedColumn(),
                    sortKey(earlier.origin()));
        }
    }

    /** Where the processor's time goes, for {@code -Arequiredsince.timing}. */
    private static final class Timing {
        private final long parserStart = BackfillSql.PARSER_START_NANOS.get();
        private final long parser = BackfillSql.PARSER_NANOS.get();
        private final int parses = BackfillSql.PARSES.get();
        long totalNanos;
        long renderingNanos;
        long writingNanos;

        Object[] arguments(int fields) {
            long parserNanos = BackfillSql.PARSER_NANOS.get() - parser;
            return new Object[] {fields, ms(totalNanos), ms(parserNanos),
                    ms(BackfillSql.PARSER_START_NANOS.get() - parserStart), BackfillSql.PARSES.get() - parses,
                    fields, ms(renderingNanos), ms(writingNanos),
                    ms(totalNanos - parserNanos - renderingNanos - writingNanos)};
        }

        private static long ms(long nanos) {
            return nanos / 1_000_000;
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
