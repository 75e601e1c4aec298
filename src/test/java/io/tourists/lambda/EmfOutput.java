package io.tourists.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import io.tourists.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import software.amazon.cloudwatchlogs.emf.config.EnvironmentConfigurationProvider;
import software.amazon.cloudwatchlogs.emf.environment.Environments;
import software.amazon.lambda.powertools.metrics.provider.EmfMetricsProvider;

/** Reads what an invocation published: the EMF documents it printed to stdout, as CloudWatch would. */
public final class EmfOutput {

    private EmfOutput() {
    }

    /** A real Powertools EMF logger of its own (not the process-wide one), printing to stdout. */
    public static InvocationMetrics metrics(String namespace) {
        EnvironmentConfigurationProvider.getConfig().setEnvironmentOverride(Environments.Local);
        var metrics = new EmfMetricsProvider().getMetricsInstance();
        metrics.setNamespace(namespace);
        return InvocationMetrics.to(metrics);
    }

    /** Runs the action and returns the EMF documents it printed. */
    public static List<JsonNode> capture(Runnable action) {
        var original = System.out;
        var buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setOut(original);
        }
        return buffer.toString(StandardCharsets.UTF_8).lines()
                .filter(line -> line.startsWith("{") && line.contains("\"_aws\""))
                .map(EmfOutput::parse)
                .toList();
    }

    /** The metric names the document declares to CloudWatch, in its first metric directive. */
    public static List<String> declaredMetrics(JsonNode document) {
        return document.path("_aws").path("CloudWatchMetrics").path(0).path("Metrics").valueStream()
                .map(metric -> metric.path("Name").asText())
                .toList();
    }

    private static JsonNode parse(String line) {
        try {
            return Json.readTree(line);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
