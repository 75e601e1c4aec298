package io.tourists.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;

class DatabaseCircuitTest {

    private Instant now = Instant.parse("2026-12-01T10:00:00Z");
    private final DatabaseCircuit circuit = new DatabaseCircuit(this::now);

    private Instant now() {
        return now;
    }

    private void wait(Duration duration) {
        now = now.plus(duration);
    }

    @Test
    void shouldAttemptEveryTime_whileTheDatabaseAnswers() {
        assertThat(circuit.allowsAttempt()).isTrue();
        circuit.succeeded();
        assertThat(circuit.allowsAttempt()).isTrue();
    }

    @Test
    void shouldSkipAttemptsForASecondAfterAFailure_thenLetOneProbeThrough() {
        circuit.failed();

        assertThat(circuit.allowsAttempt()).isFalse();
        wait(Duration.ofMillis(999));
        assertThat(circuit.allowsAttempt()).isFalse();
        wait(Duration.ofMillis(1));
        assertThat(circuit.allowsAttempt()).as("the probe").isTrue();
    }

    @Test
    void shouldSkipLongerAfterEachFailedProbe_upToFourSeconds() {
        var skips = new ArrayList<Long>();
        for (int i = 0; i < 5; i++) {
            circuit.failed();
            long waited = 0;
            while (!circuit.allowsAttempt()) {
                wait(Duration.ofMillis(100));
                waited += 100;
            }
            skips.add(waited);
        }

        assertThat(skips).containsExactly(1_000L, 2_000L, 4_000L, 4_000L, 4_000L);
        assertThat(DatabaseCircuit.MAX_SKIP).isEqualTo(Duration.ofSeconds(4));
    }

    @Test
    void shouldCloseAndStartOverAfterASuccess() {
        circuit.failed();
        wait(Duration.ofSeconds(1));
        circuit.failed();
        wait(Duration.ofSeconds(2));
        circuit.succeeded();

        assertThat(circuit.allowsAttempt()).isTrue();
        circuit.failed();
        wait(Duration.ofSeconds(1));
        assertThat(circuit.allowsAttempt()).as("back to the first, short skip").isTrue();
    }
}
