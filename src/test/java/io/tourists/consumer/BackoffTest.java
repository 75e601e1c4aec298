package io.tourists.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private static Duration seconds(long seconds) {
        return Duration.ofSeconds(seconds);
    }

    @Test
    void shouldDoubleTheInvisibilityWithEachReceive_upToTheMaximum() {
        var backoff = new Backoff(seconds(2), seconds(60));

        assertThat(IntStream.rangeClosed(1, 8).mapToObj(backoff::after).map(Duration::toSeconds))
                .containsExactly(2L, 4L, 8L, 16L, 32L, 60L, 60L, 60L);
        assertThat(backoff.after(0)).as("a missing receive count counts as the first").isEqualTo(seconds(2));
        assertThat(backoff.after(Integer.MAX_VALUE)).isEqualTo(seconds(60));
    }

    @Test
    void shouldTolerateTheSumOfTheStepsBeforeTheLastReceive_lessTheLongestSkip() {
        var backoff = new Backoff(seconds(2), seconds(60));

        assertThat(backoff.toleratedOutage(1, Duration.ZERO)).as("one receive: no second chance").isZero();
        assertThat(backoff.toleratedOutage(5, Duration.ZERO)).isEqualTo(seconds(2 + 4 + 8 + 16));
        assertThat(backoff.toleratedOutage(21, seconds(4)))
                .isEqualTo(seconds(2 + 4 + 8 + 16 + 32 + 15 * 60 - 4));
    }

    @Test
    void shouldFindTheSmallestMaxReceiveCountForAnOutage() {
        var backoff = new Backoff(seconds(2), seconds(60));

        int count = backoff.maxReceiveCountFor(Duration.ofMinutes(15), seconds(4));

        assertThat(backoff.toleratedOutage(count, seconds(4))).isGreaterThanOrEqualTo(Duration.ofMinutes(15));
        assertThat(backoff.toleratedOutage(count - 1, seconds(4))).isLessThan(Duration.ofMinutes(15));
        assertThat(count).isEqualTo(21);
    }

    @Test
    void shouldReadTheScheduleFromTheEnvironment_withDefaultsForWhatIsMissing() {
        assertThat(Backoff.fromEnvironment(Map.of())).isEqualTo(Backoff.DEFAULT);
        assertThat(Backoff.fromEnvironment(Map.of(Backoff.FIRST_VARIABLE, "1", Backoff.MAX_VARIABLE, "3")))
                .isEqualTo(new Backoff(seconds(1), seconds(3)));
        assertThatThrownBy(() -> Backoff.fromEnvironment(Map.of(Backoff.MAX_VARIABLE, "soon")))
                .hasMessageContaining(Backoff.MAX_VARIABLE);
    }

    @Test
    void shouldRefuseAScheduleSqsCannotKeep() {
        assertThatThrownBy(() -> new Backoff(Duration.ofMillis(500), seconds(60))).hasMessageContaining("whole seconds");
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, seconds(60))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(seconds(10), seconds(5))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(seconds(1), Duration.ofHours(13))).isInstanceOf(IllegalArgumentException.class);
    }
}
