package io.requiredsince.runtime;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The version of a migration: dotted numbers compared part by part as integers, so that
 * {@code 2 < 2.1 < 10}. {@link #NONE} marks a migration identified by its table and column only;
 * it sorts after every versioned migration.
 */
public final class MigrationVersion implements Comparable<MigrationVersion> {

    private static final Pattern FORMAT = Pattern.compile("\\d+(\\.\\d+)*");

    /** The version of an unversioned migration. */
    public static final MigrationVersion NONE = new MigrationVersion(List.of(), "");

    private final List<BigInteger> parts;
    private final String text;

    private MigrationVersion(List<BigInteger> parts, String text) {
        this.parts = parts;
        this.text = text;
    }

    /**
     * Parses {@code "2"}, {@code "2.1"}, {@code "10.0.3"}; the empty string gives {@link #NONE}.
     *
     * @throws IllegalArgumentException for anything else, such as {@code "v2"} or {@code "2..1"}
     */
    public static MigrationVersion parse(String text) {
        Objects.requireNonNull(text, "text");
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            return NONE;
        }
        if (!isValid(trimmed)) {
            throw new IllegalArgumentException("Malformed version \"" + text
                    + "\": use dotted numbers such as \"2\" or \"2.1\"");
        }
        List<BigInteger> parts = new ArrayList<>();
        for (String part : trimmed.split("\\.")) {
            parts.add(new BigInteger(part));
        }
        return new MigrationVersion(Collections.unmodifiableList(parts), trimmed);
    }

    /** Whether {@code text} is a well-formed, non-empty version. */
    public static boolean isValid(String text) {
        return text != null && FORMAT.matcher(text).matches();
    }

    /** Whether this is {@link #NONE}. */
    public boolean isNone() {
        return parts.isEmpty();
    }

    /** The numeric parts, most significant first. */
    public List<BigInteger> parts() {
        return parts;
    }

    @Override
    public int compareTo(MigrationVersion other) {
        if (isNone() || other.isNone()) {
            return Boolean.compare(isNone(), other.isNone());
        }
        int shared = Math.min(parts.size(), other.parts.size());
        for (int i = 0; i < shared; i++) {
            int c = parts.get(i).compareTo(other.parts.get(i));
            if (c != 0) {
                return c;
            }
        }
        // 2 and 2.0 are the same version; 2 < 2.1.
        List<BigInteger> longer = parts.size() > other.parts.size() ? parts : other.parts;
        for (int i = shared; i < longer.size(); i++) {
            if (longer.get(i).signum() != 0) {
                return longer == parts ? 1 : -1;
            }
        }
        return 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MigrationVersion v && compareTo(v) == 0;
    }

    @Override
    public int hashCode() {
        int end = parts.size();
        while (end > 0 && parts.get(end - 1).signum() == 0) {
            end--;
        }
        return parts.subList(0, end).hashCode();
    }

    /** The version as written, or the empty string for {@link #NONE}. */
    @Override
    public String toString() {
        return text;
    }
}
