package io.tourists.domain;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The dates and timestamps every write carries, read without java.time's formatter for the one shape the project
 * writes, which is most of a consumer's decoding time otherwise (a formatter parse resolves a map of fields per
 * value: section 2d's profile, docs/benchmarks-analysis.md). Anything else goes to the formatter, so what is
 * accepted, refused and returned is the formatter's own ({@code IsoTimesTest} compares the two).
 */
public final class IsoTimes {

    private IsoTimes() {
    }

    /**
     * An RFC 3339 timestamp with an offset, as {@link OffsetDateTime#parse} reads it: the UTC form
     * {@link Instant#toString} writes ({@code 2026-11-23T10:15:30.123456Z}) read directly, every other form by the
     * formatter.
     *
     * @throws DateTimeException when it is not one, or names a time that does not exist
     */
    public static Instant offsetDateTime(String text) {
        int length = text.length();
        if (length < 20 || length > 30 || text.charAt(length - 1) != 'Z' || !shape(text, "dddd-dd-ddTdd:dd:dd")) {
            return OffsetDateTime.parse(text).toInstant();
        }
        int nanos = 0;
        if (length > 20) {
            int digits = length - 21;
            if (text.charAt(19) != '.' || digits < 1 || digits > 9 || !digitsAt(text, 20, length - 1)) {
                return OffsetDateTime.parse(text).toInstant();
            }
            nanos = Integer.parseInt(text, 20, length - 1, 10);
            for (int i = digits; i < 9; i++) {
                nanos *= 10;
            }
        }
        return LocalDateTime.of(number(text, 0, 4), number(text, 5, 7), number(text, 8, 10),
                number(text, 11, 13), number(text, 14, 16), number(text, 17, 19), nanos).toInstant(ZoneOffset.UTC);
    }

    /**
     * A date already known to be {@code dddd-dd-dd} (ASCII digits), as {@link LocalDate#parse} reads it.
     *
     * @throws DateTimeException when it names a day that does not exist (2023-02-29)
     */
    public static LocalDate date(String text) {
        return LocalDate.of(number(text, 0, 4), number(text, 5, 7), number(text, 8, 10));
    }

    /** Whether {@code text} starts with this shape: 'd' an ASCII digit, any other character itself. */
    private static boolean shape(String text, String shape) {
        for (int i = 0; i < shape.length(); i++) {
            char expected = shape.charAt(i);
            char found = text.charAt(i);
            if (expected == 'd' ? found < '0' || found > '9' : found != expected) {
                return false;
            }
        }
        return true;
    }

    private static boolean digitsAt(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static int number(String text, int from, int to) {
        return Integer.parseInt(text, from, to, 10);
    }
}
