package io.tourists.local;

import io.tourists.local.sqs.QueueRef;
import io.tourists.local.template.FunctionDefinition;
import io.tourists.local.template.SqsEventSource;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What the user reads when the runtime has started: where each part is, with which settings, what is not
 * emulated, and the one READY line that says everything accepts work.
 */
record StartupBanner(Path template, Map<String, String> parameterOverrides, URI api, String routes,
                     List<String> authorization, FunctionDefinition readFunction, String sqs, Collection<QueueRef> queues, List<String> notEmulated,
                     String database, FunctionDefinition consumerFunction, SqsEventSource eventSource,
                     int maximumConcurrency, int consumerPoolSize, int readPoolSize, boolean verbose,
                     Optional<URI> dashboard, List<String> notes) {

    void print(PrintStream out) {
        out.println("tourist pipeline, local runtime; settings from " + template
                + (parameterOverrides.isEmpty() ? "" : " with " + parameterOverrides));
        out.println("  API         " + api + "  (HTTP API, payload 2.0: " + routes + ")");
        out.println("  Authorizer  " + authorization.getFirst());
        authorization.stream().skip(1).forEach(line -> out.println("              " + line));
        out.println("  SQS         " + sqs);
        queues.forEach(queue -> out.println("    " + queue.name() + "  " + queue.url()
                + "  VisibilityTimeout=" + queue.attributes().getOrDefault("VisibilityTimeout", "?")
                + Optional.ofNullable(queue.attributes().get("RedrivePolicy")).map(policy -> "  RedrivePolicy=" + policy)
                .orElse("")));
        if (!notEmulated.isEmpty()) {
            out.println("    not emulated (ignored): " + String.join(", ", notEmulated));
        }
        out.println("  PostgreSQL  " + database);
        out.println("  Consumer    " + consumerFunction.functionName() + ": BatchSize=" + eventSource.batchSize()
                + " MaximumBatchingWindowInSeconds=" + eventSource.batchingWindow().toSeconds()
                + " MaximumConcurrency=" + maximumConcurrency + " Timeout=" + consumerFunction.timeout().toSeconds() + "s"
                + (eventSource.reportBatchItemFailures() ? " ReportBatchItemFailures" : ""));
        out.println("  Peak DB connections  " + peakConnections());
        out.println("  Dashboard   " + dashboard.map(uri -> uri + "  (live numbers; --dashboard-port off for none)")
                .orElse("off (--dashboard-port PORT to serve it)"));
        out.println("  Logs        function logs at " + (verbose ? "INFO" : "WARN (--verbose for INFO)"));
        notes.forEach(note -> out.println("  note: " + note));
    }

    /** The SPEC's formula with this run's numbers: environments x pool size, per function. */
    private String peakConnections() {
        var consumer = maximumConcurrency + " consumer environments x DB_POOL_SIZE " + consumerPoolSize;
        var reads = readFunction.reservedConcurrency().stream()
                .mapToObj(reserved -> " + " + reserved + " read environments x DB_POOL_SIZE " + readPoolSize + " = "
                        + connectionBudget(maximumConcurrency, consumerPoolSize, readFunction, readPoolSize).getAsInt())
                .findFirst().orElse(" + one per read environment (ReadFunction has no ReservedConcurrentExecutions)");
        return consumer + reads + " (+1 for this runtime's status line)";
    }

    /**
     * The peak the formula gives, the connections the dashboard holds the count against; empty when the read
     * function has no reserved concurrency (no bound).
     */
    static OptionalInt connectionBudget(int maximumConcurrency, int consumerPoolSize, FunctionDefinition readFunction,
                                        int readPoolSize) {
        return readFunction.reservedConcurrency().isPresent()
                ? OptionalInt.of(maximumConcurrency * consumerPoolSize
                        + readFunction.reservedConcurrency().getAsInt() * readPoolSize)
                : OptionalInt.empty();
    }

    /** One stable line that users and tests wait for. */
    static String readyLine(URI api, Optional<URI> sqs, String jdbcUrl, Duration took) {
        return "READY api=" + api + " sqs=" + sqs.map(URI::toString).orElse("aws") + " db=" + jdbcUrl
                + String.format(Locale.ROOT, " in %.1fs", took.toMillis() / 1000.0);
    }
}
