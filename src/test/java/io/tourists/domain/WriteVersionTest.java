package io.tourists.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class WriteVersionTest {

    private static final Instant T = Instant.parse("2026-03-14T12:00:00.000001Z");
    private static final UUID LOW = UUID.fromString("00000000-0000-7000-8000-000000000000");
    private static final UUID HIGH = UUID.fromString("f0000000-0000-7000-8000-000000000000");

    @Test
    void ordersByOccurredAtFirst() {
        var older = new WriteVersion(T, HIGH);
        var newer = new WriteVersion(T.plusNanos(1_000), LOW);

        assertThat(newer).isGreaterThan(older);
        assertThat(older).isLessThan(newer);
    }

    @Test
    void breaksATieOnOccurredAtWithTheWriteIdComparedAsUnsignedBytes() {
        // As signed longs, f0000000... is negative and would sort first; PostgreSQL puts it last.
        assertThat(HIGH.getMostSignificantBits()).isNegative();

        assertThat(new WriteVersion(T, HIGH)).isGreaterThan(new WriteVersion(T, LOW));
        assertThat(new WriteVersion(T, LOW)).isLessThan(new WriteVersion(T, HIGH));
    }

    @Test
    void comparesTheLowHalfOfTheWriteIdUnsignedToo() {
        var low = new UUID(1, 0x0000000000000001L);
        var high = new UUID(1, 0xF000000000000000L);

        assertThat(new WriteVersion(T, high)).isGreaterThan(new WriteVersion(T, low));
    }

    @Test
    void isEqualOnlyToTheSameWrite() {
        assertThat(new WriteVersion(T, LOW)).isEqualByComparingTo(new WriteVersion(T, LOW));
        assertThat(new WriteVersion(T, LOW)).isEqualTo(new WriteVersion(T, LOW));
    }

    @Test
    void agreesWithTheByteOrderOfTheCanonicalTextForAnyWriteIds() {
        // Lower-case canonical text sorts exactly like the 16 bytes, which is how PostgreSQL orders uuid.
        var random = new Random(20260314);
        for (int i = 0; i < 1_000; i++) {
            var a = new UUID(random.nextLong(), random.nextLong());
            var b = new UUID(random.nextLong(), random.nextLong());

            assertThat(Integer.signum(new WriteVersion(T, a).compareTo(new WriteVersion(T, b))))
                    .as("%s vs %s", a, b)
                    .isEqualTo(Integer.signum(a.toString().compareTo(b.toString())));
        }
    }

    @Test
    void sortsAHistoryOfWritesOldestFirst() {
        var newest = new WriteVersion(T.plusSeconds(1), LOW);
        var tieHigh = new WriteVersion(T, HIGH);
        var tieLow = new WriteVersion(T, LOW);
        var oldest = new WriteVersion(T.minusSeconds(1), HIGH);
        var history = new ArrayList<>(List.of(newest, tieHigh, oldest, tieLow));

        history.sort(null);

        assertThat(history).containsExactly(oldest, tieLow, tieHigh, newest);
    }
}
