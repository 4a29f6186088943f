package io.requiredsince.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.requiredsince.runtime.SqlType;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The processor reads date and time literals by hand (java.time's formatters cost javac time to
 * start): what it accepts must be what {@link LocalDate#parse} and {@link LocalTime#parse} accept.
 */
class TemporalLiteralTest {

    private static boolean javaTimeReadsTime(String value) {
        return reads(LocalTime::parse, value);
    }

    private static boolean javaTimeReadsDate(String value) {
        return reads(LocalDate::parse, value);
    }

    private static boolean reads(java.util.function.Function<String, ?> parse, String value) {
        try {
            parse.apply(value);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /** Shapes close to valid ones: numbers in and out of range, separators moved, dropped or doubled. */
    private static String near(Random random, String shape) {
        StringBuilder s = new StringBuilder();
        for (char c : shape.toCharArray()) {
            if (c == 'd') {
                s.append((char) ('0' + random.nextInt(10)));
            } else if (random.nextInt(25) == 0) {
                s.append(":-. 1".charAt(random.nextInt(5)));
            } else if (random.nextInt(40) != 0) {
                s.append(c);
            }
        }
        return s.toString();
    }

    @Test
    void timesAreReadAsLocalTimeParseReadsThem() {
        Random random = new Random(7);
        int valid = 0;
        String[] shapes = {"dd:dd", "dd:dd:dd", "dd:dd:dd.", "dd:dd:dd.d", "dd:dd:dd.ddd", "dd:dd:dd.ddddddddd",
            "dd:dd:dd.dddddddddd", "d:dd", "dd:dd:d"};
        for (int i = 0; i < 20_000; i++) {
            String v = near(random, shapes[random.nextInt(shapes.length)]);
            boolean expected = javaTimeReadsTime(v);
            valid += expected ? 1 : 0;
            assertEquals(expected, BackfillCheck.validTemporal(v, SqlType.Kind.TIME), v);
        }
        assertTrue(valid > 1_000, "the inputs must reach valid times too: " + valid);
    }

    @Test
    void datesAreReadAsLocalDateParseReadsThem() {
        Random random = new Random(11);
        int valid = 0;
        for (int i = 0; i < 20_000; i++) {
            String v = near(random, "dddd-dd-dd");
            boolean expected = javaTimeReadsDate(v);
            valid += expected ? 1 : 0;
            assertEquals(expected, BackfillCheck.validTemporal(v, SqlType.Kind.DATE), v);
        }
        assertTrue(valid > 300, "the inputs must reach valid dates too: " + valid);
        for (String v : new String[] {"2024-02-29", "2023-02-29", "2024-13-01", "2024-00-10", "2024-04-31", "0000-01-01"}) {
            assertEquals(javaTimeReadsDate(v), BackfillCheck.validTemporal(v, SqlType.Kind.DATE), v);
        }
    }
}
