package io.requiredsince.processor;

import com.sun.source.tree.AnnotationTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.tools.JavaFileObject;

/**
 * Finds {@code @RequiredSince} on fields of local and anonymous classes. javac hands a processor no
 * element inside a method body, so without this scan such a field would silently get no migration.
 * Uses javac's tree API when present (other compilers: no scan), and only reads files whose text
 * mentions the annotation.
 */
final class LocalClassScan {

    /** The annotation's name, but not our generated code's {@code @Generated("…RequiredSinceProcessor")}. */
    private static final Pattern MENTION = Pattern.compile("RequiredSince(?!Processor)");

    private final Trees trees;
    private final FormattingMessager messager;
    private final Set<JavaFileObject> scanned = new HashSet<>();

    private LocalClassScan(Trees trees, FormattingMessager messager) {
        this.trees = trees;
        this.messager = messager;
    }

    /** A scanner for this compiler, or null when it has no tree API. */
    static LocalClassScan create(ProcessingEnvironment env, FormattingMessager messager) {
        try {
            return new LocalClassScan(Trees.instance(env), messager);
        } catch (IllegalArgumentException | LinkageError notJavac) {
            return null;
        }
    }

    /** Reports every annotated field of a local or anonymous class in the sources of {@code roots}. */
    void scan(Set<? extends Element> roots) {
        for (Element root : roots) {
            if (!(root instanceof TypeElement)) {
                continue;
            }
            TreePath path = trees.getPath(root);
            if (path == null) {
                continue; // from a class file
            }
            CompilationUnitTree unit = path.getCompilationUnit();
            if (!scanned.add(unit.getSourceFile()) || !mentionsAnnotation(unit)) {
                continue;
            }
            new Finder(unit).scan(unit, null);
        }
    }

    private static boolean mentionsAnnotation(CompilationUnitTree unit) {
        try {
            return MENTION.matcher(unit.getSourceFile().getCharContent(true)).find();
        } catch (IOException e) {
            return true;
        }
    }

    private final class Finder extends TreePathScanner<Void, Void> {
        private final CompilationUnitTree unit;

        Finder(CompilationUnitTree unit) {
            this.unit = unit;
        }

        @Override
        public Void visitVariable(VariableTree tree, Void unused) {
            if (isFieldOfLocalOrAnonymousClass(getCurrentPath())) {
                for (AnnotationTree annotation : tree.getModifiers().getAnnotations()) {
                    String type = annotation.getAnnotationType().toString();
                    if (type.equals("RequiredSince") || type.equals(ColumnDeclaration.REQUIRED_SINCE)) {
                        messager.printMessage(trees, annotation, unit, Message.NOT_IN_A_CLASS, tree.getName());
                    }
                }
            }
            return super.visitVariable(tree, unused);
        }

        /** A field (its parent is a class body) of a class nested in anything but class bodies. */
        private boolean isFieldOfLocalOrAnonymousClass(TreePath variable) {
            TreePath parent = variable.getParentPath();
            if (!(parent.getLeaf() instanceof ClassTree)) {
                return false; // a local variable or a parameter
            }
            for (TreePath p = parent.getParentPath(); p != null; p = p.getParentPath()) {
                Tree leaf = p.getLeaf();
                if (leaf instanceof CompilationUnitTree) {
                    return false;
                }
                if (!(leaf instanceof ClassTree)) {
                    return true; // a method, an initializer block, a lambda, a "new" expression
                }
            }
            return false;
        }
    }
}
