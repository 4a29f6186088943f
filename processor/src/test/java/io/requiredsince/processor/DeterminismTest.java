package io.requiredsince.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Output depends on the inputs only: not on the order javac sees them in, nor on the run. */
class DeterminismTest {

    @Test
    void shuffledInputsGiveByteIdenticalOutput() {
        List<JavaFileObject> inputs = new ArrayList<>(Compilations.resources(Compilations.GOOD));
        inputs.add(Compilations.JPA_TABLE);
        inputs.add(Compilations.JPA_COLUMN);
        inputs.add(Compilations.resource("jpa/AppUser.java"));
        inputs.add(Compilations.resource("jpa/InvoiceLine.java"));

        List<JavaFileObject> shuffled = new ArrayList<>(inputs);
        Collections.shuffle(shuffled, new Random(42)); // fixed seed: a failure must be reproducible
        assertNotEquals(inputs, shuffled, "the shuffle must change the order");

        Map<String, byte[]> first = outputs(Compilations.compile(List.of(), inputs));
        Map<String, byte[]> second = outputs(Compilations.compile(List.of(), shuffled));

        assertEquals(first.keySet(), second.keySet());
        assertAll(first.keySet().stream().map(name -> (Executable) () ->
                assertArrayEquals(first.get(name), second.get(name), name + " differs between the two runs")));
        // Sources, class files and the registry are all compared.
        assertEquals(true, first.keySet().stream().anyMatch(n -> n.endsWith("io.requiredsince.runtime.Migration")));
        assertEquals(true, first.keySet().stream().anyMatch(n -> n.endsWith("_Migration.class")));
    }

    /** Every generated file (sources, class files, resources) by its location and path. */
    private static Map<String, byte[]> outputs(Compilation compilation) {
        assertThat(compilation).succeededWithoutWarnings();
        Map<String, byte[]> files = new TreeMap<>();
        for (JavaFileObject file : compilation.generatedFiles()) {
            try (InputStream in = file.openInputStream()) {
                files.put(file.toUri().toString(), in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return files;
    }
}
