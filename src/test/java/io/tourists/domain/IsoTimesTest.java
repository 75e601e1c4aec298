package io.tourists.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The direct reading gives what java.time's formatter gives, and refuses what it refuses. */
class IsoTimesTest {

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-23T10:15:30Z", "2026-11-23T10:15:30.1Z", "2026-11-23T10:15:30.123456Z",
            "2026-11-23T10:15:30.123456789Z", "2000-02-29T23:59:59.999999999Z", "1970-01-01T00:00:00Z",
            // Other forms, read by the formatter:
            "2026-11-23T10:15:30+02:00", "2026-11-23t10:15:30z", "2026-11-23T10:15Z", "2026-11-23T10:15:30.Z",
            "+12026-11-23T10:15:30Z", "2026-11-23T10:15:30.1234567891Z"})
    void readsWhatTheFormatterReads(String text) {
        assertThat(outcome(() -> IsoTimes.offsetDateTime(text))).isEqualTo(outcome(() -> OffsetDateTime.parse(text).toInstant()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-02-29T10:15:30Z", "2026-13-01T10:15:30Z", "2026-11-31T10:15:30Z", "2026-11-23T24:00:00Z",
            "2026-11-23T10:60:30Z", "2026-11-23T10:15:60Z", "2026-11-23T10:15:30.1234567890Z", "2026-11-23 10:15:30Z",
            "2026-11-23T10:15:30", "2026-11-23T10:15:30.12a4Z", "२०२६-11-23T10:15:30Z", "", "Z"})
    void refusesWhatTheFormatterRefuses(String text) {
        assertThat(outcome(() -> OffsetDateTime.parse(text).toInstant())).isEqualTo("refused");
        assertThatThrownBy(() -> IsoTimes.offsetDateTime(text)).isInstanceOf(DateTimeException.class);
    }

    @Test
    void agreesWithTheFormatterOnRandomInstants() {
        var random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            var instant = Instant.ofEpochSecond(random.nextLong(-2_208_988_800L, 253_402_300_799L), random.nextInt(1_000_000_000));
            var text = instant.toString();
            assertThat(IsoTimes.offsetDateTime(text)).as(text).isEqualTo(OffsetDateTime.parse(text).toInstant());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"1990-12-10", "2000-02-29", "2023-02-29", "2023-04-31", "2023-00-10", "2023-13-10", "0000-01-01"})
    void readsADateAsTheFormatterDoes(String text) {
        assertThat(outcome(() -> IsoTimes.date(text))).isEqualTo(outcome(() -> LocalDate.parse(text)));
    }

    private static Object outcome(java.util.function.Supplier<Object> read) {
        try {
            return read.get();
        } catch (DateTimeException e) {
            return "refused";
        }
    }
}
