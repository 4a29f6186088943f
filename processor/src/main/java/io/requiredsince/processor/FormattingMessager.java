package io.requiredsince.processor;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.Trees;
import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;

/**
 * The processor's only way to javac's {@link Messager}: it takes a {@link Message} and its
 * arguments, never a string, so that every diagnostic the user sees is worded once, in the
 * catalog, with its tag and its kind.
 */
final class FormattingMessager {

    private final Messager messager;

    FormattingMessager(Messager messager) {
        this.messager = messager;
    }

    /** A message about the whole compilation (an aggregate file, the timing), with no source position. */
    void printMessage(Message message, Object... args) {
        messager.printMessage(message.kind(), message.format(args));
    }

    /** A message on {@code element}'s declaration. */
    void printMessage(Element element, Message message, Object... args) {
        messager.printMessage(message.kind(), message.format(args), element);
    }

    /** A message on {@code annotation} of {@code element}. */
    void printMessage(Element element, AnnotationMirror annotation, Message message, Object... args) {
        messager.printMessage(message.kind(), message.format(args), element, annotation);
    }

    /**
     * A message on {@code value} of {@code annotation}, so that javac points at the offending value;
     * on the annotation when {@code value} is null.
     */
    void printMessage(Element element, AnnotationMirror annotation, AnnotationValue value, Message message,
                      Object... args) {
        messager.printMessage(message.kind(), message.format(args), element, annotation, value);
    }

    /**
     * A message on a tree of {@code unit}, for what has no element: javac hands a processor none
     * inside a method body. {@code trees} is javac's, which only the caller can know is there.
     */
    void printMessage(Trees trees, Tree tree, CompilationUnitTree unit, Message message, Object... args) {
        trees.printMessage(message.kind(), message.format(args), tree, unit);
    }
}
