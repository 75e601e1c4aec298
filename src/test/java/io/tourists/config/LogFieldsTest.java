package io.tourists.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.tourists.domain.Tourist;
import io.tourists.domain.TouristDraft;
import io.tourists.domain.TouristWrite;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    void aTouristWriteLoggedOrPrinted_keepsItsIds_butNoNameEmailDateOfBirthOrPassport() {
        var writeId = UUID.randomUUID();
        var touristId = UUID.randomUUID();
        var tourist = new Tourist("Ada", "Lovelace", "ada@example.com", "GB", LocalDate.of(1815, 12, 10),
                Optional.of("P1234567"));
        var write = new TouristWrite.Upsert(writeId, touristId, Instant.parse("2026-12-07T10:00:00Z"), tourist);
        var draft = new TouristDraft("Ada", "Lovelace", "ada@example.com", "GB", "1815-12-10", "P1234567");

        for (var text : List.of(write.toString(), String.valueOf(LogFields.plain(write)), draft.toString(),
                String.valueOf(LogFields.plain(List.of(tourist, draft))))) {
            assertThat(text).doesNotContain("Ada", "Lovelace", "ada@example.com", "1815", "P1234567");
        }
        assertThat(write.toString()).contains(writeId.toString(), touristId.toString());
        assertThat(String.valueOf(LogFields.plain(write))).contains(writeId.toString(), touristId.toString());
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
