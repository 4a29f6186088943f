package io.requiredsince.liquibase;

import io.requiredsince.runtime.Migrator;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The migrator settings a changeset gives as parameters of {@link RequiredSinceChange}, read from
 * their text: Liquibase hands every parameter over as a string. {@link #errors()} names each one
 * that is not a value of its kind, for Liquibase's validation, before anything runs.
 */
final class ChangeSettings {

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m)");

    private final List<String> errors = new ArrayList<>();
    private final List<Consumer<Migrator.Builder>> settings = new ArrayList<>();

    private ChangeSettings() {
    }

    static ChangeSettings of(RequiredSinceChange change) {
        ChangeSettings s = new ChangeSettings();
        s.read("completeImmediately", change.getCompleteImmediately(), ChangeSettings::bool,
                Migrator.Builder::completeImmediately);
        s.read("ddlLockTimeout", change.getDdlLockTimeout(), ChangeSettings::duration, Migrator.Builder::ddlLockTimeout);
        s.read("ddlLockRetries", change.getDdlLockRetries(), t -> count(t, 0), Migrator.Builder::ddlLockRetries);
        s.read("batchSize", change.getBatchSize(), t -> count(t, 1), Migrator.Builder::batchSize);
        return s;
    }

    private <T> void read(String parameter, String text, Function<String, T> parse, BiConsumer<Migrator.Builder, T> set) {
        if (text == null || text.isBlank()) {
            return;
        }
        try {
            T value = parse.apply(text.strip());
            settings.add(b -> set.accept(b, value));
        } catch (IllegalArgumentException e) {
            errors.add("requiredsince: " + parameter + "=\"" + text + "\": " + e.getMessage());
        }
    }

    /** One message per parameter that is not a value of its kind. */
    List<String> errors() {
        return errors;
    }

    /** Applies the settings given to {@code builder}. */
    Migrator.Builder apply(Migrator.Builder builder) {
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", errors));
        }
        settings.forEach(s -> s.accept(builder));
        return builder;
    }

    private static boolean bool(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("use true or false");
        };
    }

    private static int count(String text, int least) {
        try {
            int n = Integer.parseInt(text);
            if (n >= least) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("use a whole number of " + least + " or more");
    }

    /** {@code 500ms}, {@code 5s}, {@code 2m}, or ISO-8601 such as {@code PT5S}; positive. */
    private static Duration duration(String text) {
        Duration d;
        Matcher m = DURATION.matcher(text);
        if (m.matches() && m.group(1).length() < 10) {
            long n = Long.parseLong(m.group(1));
            d = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                default -> Duration.ofMinutes(n);
            };
        } else {
            try {
                d = Duration.parse(text);
            } catch (DateTimeParseException e) {
                d = null;
            }
        }
        if (d == null || d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException("use a positive duration such as 500ms, 5s, 2m or PT5S");
        }
        return d;
    }
}
