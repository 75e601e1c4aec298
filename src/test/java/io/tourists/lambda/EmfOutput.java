package io.tourists.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import io.tourists.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Reads what an invocation published: the EMF documents it printed to stdout, as CloudWatch would. */
public final class EmfOutput {

    private EmfOutput() {
    }

    /** Metrics as a function builds them, in this namespace, printing to stdout. */
    public static InvocationMetrics metrics(String namespace) {
        return InvocationMetrics.fromEnvironment(Map.of(InvocationMetrics.NAMESPACE, namespace));
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
