package io.tourists.local.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ExecutionEnvironmentsTest {

    private final AtomicInteger initialised = new AtomicInteger();
    private final AtomicInteger closed = new AtomicInteger();

    private ExecutionEnvironments<String> environments(OptionalInt limit) {
        return new ExecutionEnvironments<>("fn", limit, () -> new ExecutionEnvironments.Environment<>(
                "handler-" + initialised.incrementAndGet(), closed::incrementAndGet));
    }

    @Test
    void shouldStartAnEnvironmentOnlyWhenAnInvocationNeedsOne_andReuseItWarm() {
        var environments = environments(OptionalInt.empty());
        assertThat(initialised).hasValue(0);

        var first = environments.acquire().orElseThrow();
        environments.release(first);
        var second = environments.acquire().orElseThrow();

        assertThat(second).isSameAs(first);
        assertThat(environments.coldStarts()).isEqualTo(1);
    }

    @Test
    void shouldStartOneEnvironmentPerConcurrentInvocation_upToTheLimit_thenThrottle() {
        var environments = environments(OptionalInt.of(2));

        var first = environments.acquire();
        var second = environments.acquire();
        var third = environments.acquire();

        assertThat(first).isPresent();
        assertThat(second).isPresent();
        assertThat(first.get()).isNotSameAs(second.get());
        assertThat(third).isEmpty();
        environments.release(first.get());
        assertThat(environments.acquire()).containsSame(first.get());
    }

    @Test
    void shouldReplaceAnEnvironmentThatTimedOut_withAColdStart_andCloseItOnlyWhenItsInvocationEnds() {
        var environments = environments(OptionalInt.of(1));
        var timedOut = environments.acquire().orElseThrow();
        var invocationEnded = new CompletableFuture<Void>();

        environments.discard(timedOut, invocationEnded);
        var next = environments.acquire().orElseThrow();

        assertThat(next).isNotSameAs(timedOut);
        assertThat(environments.coldStarts()).isEqualTo(2);
        assertThat(closed).as("the abandoned invocation still runs on its clients").hasValue(0);
        invocationEnded.complete(null);
        assertThat(closed).hasValue(1);
    }

    @Test
    void shouldWaitForAReleasedEnvironment_whenAskedToBePatient() throws Exception {
        var environments = environments(OptionalInt.of(1));
        var first = environments.acquire().orElseThrow();

        var waiting = CompletableFuture.supplyAsync(() -> environments.acquire(Duration.ofSeconds(30)));
        environments.release(first);

        assertThat(waiting.get(30, TimeUnit.SECONDS)).containsSame(first);
        assertThat(environments.acquire(Duration.ofMillis(10))).as("nothing released within its patience").isEmpty();
    }

    @Test
    void shouldCloseEveryEnvironment_idleNowAndBusyWhenItsInvocationEnds() {
        var environments = environments(OptionalInt.empty());
        var busy = environments.acquire().orElseThrow();
        environments.release(environments.acquire().orElseThrow());

        environments.close();
        assertThat(closed).hasValue(1);
        environments.release(busy);

        assertThat(closed).hasValue(2);
        assertThat(environments.acquire()).isEmpty();
    }
}
