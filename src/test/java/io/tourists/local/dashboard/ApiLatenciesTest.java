package io.tourists.local.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ApiLatenciesTest {

    @Test
    void percentilesAreWithinTheBucketsFivePercent_andEachWindowStartsEmpty() {
        var latencies = new ApiLatencies();
        for (int ms = 1; ms <= 1_000; ms++) {
            latencies.record(Duration.ofMillis(ms));
        }

        var window = latencies.takePercentiles();

        assertThat(window.requests()).isEqualTo(1_000);
        assertThat(window.p50()).isCloseTo(500, within(500 * 0.05));
        assertThat(window.p95()).isCloseTo(950, within(950 * 0.05));
        assertThat(window.p99()).isCloseTo(990, within(990 * 0.05));
        assertThat(latencies.takePercentiles()).isEqualTo(new ApiLatencies.Percentiles(0, 0, 0, 0));
    }

    @Test
    void aSubMillisecondAnswerAndAVeryLongOneStillCount() {
        var latencies = new ApiLatencies();
        latencies.record(Duration.ofNanos(300));
        latencies.record(Duration.ofHours(1));

        var window = latencies.takePercentiles();

        assertThat(window.requests()).isEqualTo(2);
        assertThat(window.p50()).isLessThan(0.01);
        assertThat(window.p99()).isGreaterThan(60_000);
    }
}
