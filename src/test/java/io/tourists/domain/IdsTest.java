package io.tourists.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class IdsTest {

    private static final Instant NOW = Instant.parse("2026-03-14T12:00:00.123Z");

    private static Clock at(Instant instant) {
        return Clock.fixed(instant, ZoneOffset.UTC);
    }

    // --- newId: UUIDv7

    @Test
    void makesVersion7IdsWithTheRfcVariant() {
        var id = Ids.newId(at(NOW));

        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
    }

    @Test
    void putsTheClocksMillisecondsInTheFirst48Bits() {
        var id = Ids.newId(at(NOW));

        assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(NOW.toEpochMilli());
        assertThat(id.toString()).startsWith("019cec37-b67b-7");
    }

    @Test
    void ordersIdsByTheMillisecondTheyWereMadeIn() {
        // The canonical text compares like the id's bytes, the order of a B-tree index on a uuid column.
        var earlier = Ids.newId(at(NOW)).toString();
        var oneMillisecondLater = Ids.newId(at(NOW.plusMillis(1))).toString();
        var aYearLater = Ids.newId(at(NOW.plusSeconds(365L * 24 * 3600))).toString();

        assertThat(earlier).isLessThan(oneMillisecondLater);
        assertThat(oneMillisecondLater).isLessThan(aYearLater);
    }

    @Test
    void makesDistinctIdsWithinOneMillisecond() {
        var clock = at(NOW);
        var ids = new HashSet<UUID>();
        IntStream.range(0, 10_000).forEach(i -> ids.add(Ids.newId(clock)));

        assertThat(ids).hasSize(10_000);
    }

    // --- derived: UUIDv8 from SHA-256

    @Test
    void derivesAVersion8IdWithTheRfcVariant() {
        var id = Ids.derived("example");

        assertThat(id.version()).isEqualTo(8);
        assertThat(id.variant()).isEqualTo(2);
    }

    @Test
    void derivesTheSameIdForTheSameNameInEveryRelease() {
        // The first 16 bytes of SHA-256("example") with the version and variant bits set (RFC 9562, B.2).
        // Were this to change, a client retrying across a deployment would get a new id.
        assertThat(Ids.derived("example")).isEqualTo(UUID.fromString("50d858e0-985e-8c7f-a041-8aaf0cc5ab58"));
        assertThat(Ids.derived("example")).isEqualTo(Ids.derived("example"));
    }

    @Test
    void derivesFromTheNamesUtf8Bytes() {
        assertThat(Ids.derived("tourist\nanonymous\nPOST /tourists\nkey-1"))
                .isEqualTo(UUID.fromString("78fed0e0-a31b-8cd7-94f6-9001e5382ebc"));
    }

    @Test
    void derivesDistinctIdsForDistinctNames() {
        var names = new String[] {"example", "Example", "example ", "", "key-1", "key-2", "café", "cafe\u0301"};
        var ids = new HashSet<UUID>();
        for (var name : names) {
            ids.add(Ids.derived(name));
        }

        assertThat(ids).hasSize(names.length);
    }

    // --- parse: the canonical form only

    @ParameterizedTest
    @ValueSource(strings = {"019cec37-b67b-7abc-8def-0123456789ab", "019CEC37-B67B-7ABC-8DEF-0123456789AB",
            "00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff"})
    void parsesTheCanonicalFormInEitherCase(String text) {
        assertThat(Ids.parse(text)).contains(UUID.fromString(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1-1-1-1-1", "0-0-0-0-0", "019cec37-b67b-7abc-8def-0123456789a", "19cec37-b67b-7abc-8def-0123456789ab"})
    void refusesShortFormsThatUuidFromStringAccepts(String text) {
        assertThat(UUID.fromString(text)).isNotNull();
        assertThat(Ids.parse(text)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"019cec37b67b7abc8def0123456789ab", "{019cec37-b67b-7abc-8def-0123456789ab}",
            "urn:uuid:019cec37-b67b-7abc-8def-0123456789ab", " 019cec37-b67b-7abc-8def-0123456789ab",
            "019cec37-b67b-7abc-8def-0123456789ab ", "019cec37-b67b-7abc-8def-0123456789abc",
            "019cec37-b67b-7abc-8def0-123456789ab", "019cec37-b67b-7abc-8def-0123456789ag",
            "019cec37_b67b_7abc_8def_0123456789ab", "０19cec37-b67b-7abc-8def-0123456789ab", "not-a-uuid"})
    void refusesEveryOtherForm(String text) {
        assertThat(Ids.parse(text)).isEmpty();
    }

    @ParameterizedTest
    @NullAndEmptySource
    void refusesNullAndEmptyText(String text) {
        assertThat(Ids.parse(text)).isEmpty();
    }
}
