package io.tourists.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tourists.json.Json;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InvocationMetricsTest {

    private static final Map<String, String> LAMBDA = Map.of("POWERTOOLS_METRICS_NAMESPACE", "TouristPipeline",
            "POWERTOOLS_SERVICE_NAME", "tourists", "AWS_LAMBDA_FUNCTION_VERSION", "$LATEST",
            "AWS_LAMBDA_LOG_STREAM_NAME", "2026/11/29/[$LATEST]abc", "AWS_EXECUTION_ENV", "AWS_Lambda_java25");

    @Test
    void anInvocationsCountsBecomeOneEmfDocument_withTheNamespaceServiceDimensionAndLambdasProperties() {
        var metrics = InvocationMetrics.fromEnvironment(LAMBDA);

        var printed = EmfOutput.capture(() -> metrics.flushAfter(() -> {
            metrics.count("WritesAccepted", 1);
            metrics.count("WritesRejected", 0);
            return null;
        }));

        assertThat(printed).hasSize(1);
        var emf = printed.getFirst();
        var directive = emf.path("_aws").path("CloudWatchMetrics").path(0);
        assertThat(emf.path("_aws").path("Timestamp").asLong()).isPositive();
        assertThat(directive.path("Namespace").asText()).isEqualTo("TouristPipeline");
        assertThat(directive.path("Dimensions").toString()).isEqualTo("[[\"Service\"]]");
        assertThat(directive.path("Metrics").toString())
                .isEqualTo("[{\"Name\":\"WritesAccepted\",\"Unit\":\"Count\"},{\"Name\":\"WritesRejected\",\"Unit\":\"Count\"}]");
        assertThat(emf.path("Service").asText()).isEqualTo("tourists");
        assertThat(emf.path("WritesAccepted").asLong()).isEqualTo(1);
        assertThat(emf.path("WritesRejected").asLong()).isZero();
        assertThat(emf.path("functionVersion").asText()).isEqualTo("$LATEST");
        assertThat(emf.path("logStreamId").asText()).isEqualTo("2026/11/29/[$LATEST]abc");
        assertThat(emf.path("executionEnvironment").asText()).isEqualTo("AWS_Lambda_java25");
    }

    @Test
    void aNameCountedTwiceIsSummed_andTheNextInvocationStartsAfresh() {
        var metrics = InvocationMetrics.fromEnvironment(LAMBDA);

        var printed = EmfOutput.capture(() -> {
            metrics.flushAfter(() -> {
                metrics.count("BatchSize", 3);
                metrics.count("BatchSize", 4);
                return null;
            });
            metrics.flushAfter(() -> {
                metrics.count("WritesApplied", 1);
                return null;
            });
        });

        assertThat(printed).hasSize(2);
        assertThat(printed.get(0).path("BatchSize").asLong()).isEqualTo(7);
        assertThat(EmfOutput.declaredMetrics(printed.get(1))).containsExactly("WritesApplied");
    }

    @Test
    void anInvocationThatThrowsStillPublishesWhatItCounted() {
        var metrics = InvocationMetrics.fromEnvironment(LAMBDA);

        var printed = EmfOutput.capture(() -> assertThatThrownBy(() -> metrics.flushAfter(() -> {
            metrics.count("MessagesRetried", 2);
            throw new IllegalStateException("the database is down");
        })).isInstanceOf(IllegalStateException.class));

        assertThat(printed).hasSize(1);
        assertThat(printed.getFirst().path("MessagesRetried").asLong()).isEqualTo(2);
    }

    @Test
    void textFromTheEnvironmentIsEscaped_andWithoutAServiceThereIsNoDimension() throws Exception {
        var metrics = InvocationMetrics.fromEnvironment(Map.of("POWERTOOLS_METRICS_NAMESPACE", "a \"quoted\"\\name\n"));
        metrics.count("WritesAccepted", 1);

        var emf = Json.readTree(metrics.document(1_800_000_000_000L));

        assertThat(emf.path("_aws").path("CloudWatchMetrics").path(0).path("Namespace").asText())
                .isEqualTo("a \"quoted\"\\name\n");
        assertThat(emf.path("_aws").path("CloudWatchMetrics").path(0).path("Dimensions").toString()).isEqualTo("[[]]");
        assertThat(emf.has("Service")).isFalse();
    }

    @Test
    void aListenerGetsEachInvocationsCounts_andNothingIsPrinted() {
        var received = new java.util.ArrayList<Map<String, Long>>();
        var metrics = InvocationMetrics.reportingTo(received::add);

        var printed = EmfOutput.capture(() -> {
            metrics.flushAfter(() -> {
                metrics.count("WritesApplied", 3);
                metrics.count("WritesApplied", 2);
                return null;
            });
            metrics.flushAfter(() -> {
                metrics.count("MessagesRejected", 1);
                return null;
            });
        });

        assertThat(printed).isEmpty();
        assertThat(received).containsExactly(Map.of("WritesApplied", 5L), Map.of("MessagesRejected", 1L));
    }

    @Test
    void nothingCountedPrintsNothing() {
        var metrics = InvocationMetrics.fromEnvironment(LAMBDA);

        assertThat(EmfOutput.capture(() -> metrics.flushAfter(() -> null))).isEmpty();
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
