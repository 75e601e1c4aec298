package io.tourists.ops.load;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class LoadReportTest {

    @Test
    void percentilesAreNearestRank_inMilliseconds() {
        var nanos = new long[100];
        for (int i = 0; i < 100; i++) {
            nanos[i] = (100 - i) * 1_000_000L;
        }

        var latency = LoadReport.Latency.of(nanos).orElseThrow();

        assertThat(latency.p50()).isEqualTo(50.0);
        assertThat(latency.p95()).isEqualTo(95.0);
        assertThat(latency.p99()).isEqualTo(99.0);
        assertThat(latency.max()).isEqualTo(100.0);
    }

    @Test
    void noAnswers_meansNoLatency() {
        assertThat(LoadReport.Latency.of(new long[0])).isEmpty();
    }

    @Test
    void acceptedPerSecondIsAcceptedOverTheRunsDuration() {
        var report = new LoadReport(URI.create("http://127.0.0.1:3000/tourists"), 100, 100, Map.of("202", 90, "503", 10),
                90, Duration.ofMillis(1_500), Optional.empty(), false);

        assertThat(report.acceptedPerSecond()).isEqualTo(60.0);
        assertThat(report.toJson().get("statuses").get("503").asInt()).isEqualTo(10);
    }

    @Test
    void thePlanPostsToTheCollection_whateverTheBaseUrlsTrailingSlash() {
        var plan = new LoadPlan(URI.create("http://127.0.0.1:3000/"), 1, 1, Duration.ofSeconds(1), false);
        var staged = new LoadPlan(URI.create("https://abc.execute-api.eu-west-1.amazonaws.com/prod"), 1, 1,
                Duration.ofSeconds(1), false);

        assertThat(plan.collection()).isEqualTo(URI.create("http://127.0.0.1:3000/tourists"));
        assertThat(staged.collection()).hasPath("/prod/tourists");
    }

    @Test
    void aPlanIsBounded() {
        var url = URI.create("http://127.0.0.1:3000");
        assertThatIllegalArgumentException().isThrownBy(() -> new LoadPlan(url, 0, 1, Duration.ofSeconds(1), false));
        assertThatIllegalArgumentException().isThrownBy(() -> new LoadPlan(url, 1, 1_001, Duration.ofSeconds(1), false));
        assertThatIllegalArgumentException().isThrownBy(() -> new LoadPlan(url, 1, 1, Duration.ZERO, false));
        assertThatIllegalArgumentException().isThrownBy(
                () -> new LoadPlan(URI.create("file:///etc/passwd"), 1, 1, Duration.ofSeconds(1), false));
    }
}
