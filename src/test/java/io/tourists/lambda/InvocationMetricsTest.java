package io.tourists.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import software.amazon.lambda.powertools.metrics.provider.EmfMetricsProvider;

class InvocationMetricsTest {

    @Test
    void aFlushThatFailsNeverFailsTheInvocation() {
        // No namespace: Powertools refuses to flush.
        var metrics = InvocationMetrics.to(new EmfMetricsProvider().getMetricsInstance());

        var result = metrics.flushAfter(() -> {
            metrics.count("WritesAccepted", 1);
            return "done";
        });

        assertThat(result).isEqualTo("done");
    }

    @Test
    void metricsThatAreOffPrintNothing() {
        var metrics = InvocationMetrics.off();

        var printed = EmfOutput.capture(() -> metrics.flushAfter(() -> {
            metrics.count("WritesAccepted", 1);
            return null;
        }));

        assertThat(printed).isEmpty();
    }
}
