package io.requiredsince.runtime.internal;

import java.util.AbstractList;
import java.util.List;
import java.util.function.Function;

/**
 * An unmodifiable list whose {@code toString()} is made for people: what {@code plan()} and
 * {@code info()} return, so that printing one shows a script or a table rather than
 * {@code [a, b]}. Equal to any list of the same elements.
 */
public final class Listing<T> extends AbstractList<T> {

    private final List<T> items;
    private final Function<List<T>, String> text;

    private Listing(List<T> items, Function<List<T>, String> text) {
        this.items = List.copyOf(items);
        this.text = text;
    }

    /** {@code items}, shown as {@code text} renders them. */
    public static <T> List<T> of(List<T> items, Function<List<T>, String> text) {
        return new Listing<>(items, text);
    }

    @Override
    public T get(int index) {
        return items.get(index);
    }

    @Override
    public int size() {
        return items.size();
    }

    @Override
    public String toString() {
        return text.apply(items);
    }
}
