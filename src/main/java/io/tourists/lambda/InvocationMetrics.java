package io.tourists.lambda;

import java.io.PrintStream;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The counts one invocation publishes, as one CloudWatch embedded metric format (EMF) document on stdout,
 * printed once when the invocation ends: CloudWatch Logs turns it into metrics, with no API call.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
 *
 * <p>The document is the one Powertools metrics printed before: the namespace from
 * {@value #NAMESPACE}, one dimension {@code Service} from {@value #SERVICE} (what the template's alarms
 * match), each metric with unit Count, and the properties the EMF library added on Lambda
 * ({@code functionVersion}, {@code logStreamId}, {@code executionEnvironment}). Written here in a few lines
 * instead: Powertools metrics and its EMF library (with commons-lang3 and javatuples, about 0.9 MB in each
 * artifact) loaded some 70 classes at init and the first flush, for one line of JSON a call.
 */
public final class InvocationMetrics {

    static final String NAMESPACE = "POWERTOOLS_METRICS_NAMESPACE";
    static final String SERVICE = "POWERTOOLS_SERVICE_NAME";
    /** The namespace when the environment names none; template.yaml sets the same one. */
    static final String DEFAULT_NAMESPACE = "TouristPipeline";

    private static final InvocationMetrics OFF = new InvocationMetrics(null, null, Map.of(), null, null, null);

    /**
     * Where the counts go instead of stdout, once per invocation: the local runtime's hook (its dashboard adds
     * them up). Lambda's functions never have one; they print EMF.
     */
    public interface Listener {
        /** @param counts this invocation's counts by metric name, as the EMF document would carry them */
        void published(Map<String, Long> counts);
    }

    private final String namespace;
    /** The Service dimension's value; none when null. */
    private final String service;
    private final Map<String, String> properties;
    private final Clock clock;
    private final Supplier<PrintStream> out;
    /** Receives the counts instead of {@code out} when not null. */
    private final Listener listener;
    /** This invocation's counts, by name, in the order first counted. */
    private final Map<String, Long> counts = new LinkedHashMap<>();

    private InvocationMetrics(String namespace, String service, Map<String, String> properties, Clock clock,
                              Supplier<PrintStream> out, Listener listener) {
        this.namespace = namespace;
        this.service = service;
        this.properties = properties;
        this.clock = clock;
        this.out = out;
        this.listener = listener;
    }

    /** Metrics to stdout, named from the function's environment. */
    public static InvocationMetrics fromEnvironment(Map<String, String> env) {
        var properties = new LinkedHashMap<String, String>();
        putIfSet(properties, "functionVersion", env.get("AWS_LAMBDA_FUNCTION_VERSION"));
        putIfSet(properties, "logStreamId", env.get("AWS_LAMBDA_LOG_STREAM_NAME"));
        putIfSet(properties, "executionEnvironment", env.get("AWS_EXECUTION_ENV"));
        // System.out when printing, not now: tests capture it by replacing it.
        return new InvocationMetrics(env.getOrDefault(NAMESPACE, DEFAULT_NAMESPACE), env.get(SERVICE),
                Map.copyOf(properties), Clock.systemUTC(), () -> System.out, null);
    }

    /** The same counts, handed to {@code listener} after each invocation instead of printed: the local runtime. */
    public static InvocationMetrics reportingTo(Listener listener) {
        return new InvocationMetrics(DEFAULT_NAMESPACE, null, Map.of(), Clock.systemUTC(), null, listener);
    }

    /** Publishes nothing: the local runtime and tests that build functions from collaborators. */
    public static InvocationMetrics off() {
        return OFF;
    }

    public synchronized void count(String name, long value) {
        if (namespace != null) {
            counts.merge(name, value, Long::sum);
        }
    }

    /**
     * Runs the invocation and prints what it counted, once, whether it returned or threw, then starts
     * afresh. Nothing is printed when nothing was counted.
     */
    public <T> T flushAfter(Supplier<T> invocation) {
        try {
            return invocation.get();
        } finally {
            flush();
        }
    }

    private synchronized void flush() {
        if (counts.isEmpty()) {
            return;
        }
        if (listener != null) {
            var published = Map.copyOf(counts);
            counts.clear();
            listener.published(published);
            return;
        }
        var document = document(clock.millis());
        counts.clear();
        out.get().println(document);
    }

    /** The EMF document of the counts so far, one line of JSON. */
    synchronized String document(long timestampMillis) {
        var json = new StringBuilder(256).append("{\"_aws\":{\"Timestamp\":").append(timestampMillis)
                .append(",\"CloudWatchMetrics\":[{\"Namespace\":");
        string(json, namespace).append(",\"Dimensions\":[[").append(service == null ? "" : "\"Service\"")
                .append("]],\"Metrics\":[");
        var separator = "";
        for (var name : counts.keySet()) {
            string(json.append(separator).append("{\"Name\":"), name).append(",\"Unit\":\"Count\"}");
            separator = ",";
        }
        json.append("]}]}");
        if (service != null) {
            string(json.append(",\"Service\":"), service);
        }
        counts.forEach((name, value) -> string(json.append(','), name).append(':').append(value));
        properties.forEach((name, value) -> string(string(json.append(','), name).append(':'), value));
        return json.append('}').toString();
    }

    private static void putIfSet(Map<String, String> properties, String name, String value) {
        if (value != null) {
            properties.put(name, value);
        }
    }

    /** A JSON string: quotes, backslashes and control characters escaped. */
    private static StringBuilder string(StringBuilder json, String text) {
        json.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"');
    }
}
