package io.tourists.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class LogFieldsTest {

    record Report(int received, UUID writeId, List<Duration> waits) {}

    @Test
    void jsonsOwnValuesStayAsTheyAre() {
        assertThat(LogFields.plain("text")).isEqualTo("text");
        assertThat(LogFields.plain(42)).isEqualTo(42);
        assertThat(LogFields.plain(true)).isEqualTo(true);
        assertThat(LogFields.plain(null)).isNull();
    }

    @Test
    void aUuidOrADurationBecomesItsString() {
        var id = UUID.fromString("0190f0e0-0000-7000-8000-00000000c01d");

        assertThat(LogFields.plain(id)).isEqualTo("0190f0e0-0000-7000-8000-00000000c01d");
        assertThat(LogFields.plain(Duration.ofSeconds(2))).isEqualTo("PT2S");
    }

    @Test
    void aRecordBecomesAMapOfItsComponents_allTheWayDown() {
        var id = UUID.fromString("0190f0e0-0000-7000-8000-00000000c01d");

        var plain = LogFields.plain(new Report(10, id, List.of(Duration.ofSeconds(2))));

        assertThat(plain).isEqualTo(Map.of("received", 10, "writeId", id.toString(), "waits", List.of("PT2S")));
        assertThat(LogFields.isPlain(plain)).isTrue();
    }

    @Test
    void whatPowertoolsWouldHandToItsOwnObjectMapperIsNotPlain() {
        assertThat(LogFields.isPlain(UUID.randomUUID())).isFalse();
        assertThat(LogFields.isPlain(Map.of("at", Duration.ZERO))).isFalse();
    }
}
