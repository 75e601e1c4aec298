package io.tourists.ops.load;

import io.tourists.json.Json;
import io.tourists.ops.internal.CliContext;
import io.tourists.ops.internal.OperatorException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code tourists load}: N valid writes at concurrency C against the write API, and how they were answered. */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = {"POST N valid, random tourists to <url>/tourists, C at a time, and report accepted/s, "
                + "latency percentiles and the answers by status.",
                "Bounded: stops after N requests or --duration seconds, whichever comes first. Sends only to --url."})
public final class LoadCommand implements Callable<Integer> {

    @Option(names = "--url", paramLabel = "URL", defaultValue = "http://127.0.0.1:3000",
            description = "the write API's base URL (default: ${DEFAULT-VALUE}, the local stack)")
    URI url;

    @Option(names = {"-n", "--requests"}, paramLabel = "N", defaultValue = "1000",
            description = "how many writes, 1-1000000 (default: ${DEFAULT-VALUE})")
    int requests;

    @Option(names = {"-c", "--concurrency"}, paramLabel = "C", defaultValue = "32",
            description = "how many in flight at once, 1-1000 (default: ${DEFAULT-VALUE})")
    int concurrency;

    @Option(names = "--duration", paramLabel = "SECONDS", defaultValue = "60",
            description = "stop sending after this long (default: ${DEFAULT-VALUE})")
    int durationSeconds;

    @Option(names = "--idempotency-keys", description = "send a unique Idempotency-Key with each write")
    boolean idempotencyKeys;

    @Option(names = "--json", description = "print one JSON object")
    boolean json;

    @Spec
    CommandSpec spec;

    private final CliContext context;

    LoadCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        LoadPlan plan;
        try {
            plan = new LoadPlan(url, requests, concurrency, Duration.ofSeconds(durationSeconds), idempotencyKeys);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        LoadReport report;
        try (var generator = new LoadGenerator()) {
            report = generator.run(plan);
        }
        if (report.statuses().keySet().stream().allMatch(status -> status.startsWith("error: Connect"))) {
            throw OperatorException.environment("cannot reach " + report.target() + " (" + describe(report.statuses())
                    + "); nothing was accepted");
        }
        if (json) {
            context.out().println(Json.write(report.toJson()));
        } else {
            print(report);
        }
        context.out().flush();
        return 0;
    }

    private void print(LoadReport report) {
        var out = context.out();
        out.printf("POST %s: %d of %d requests sent, concurrency %d%s%n", report.target(), report.sent(),
                report.planned(), concurrency, report.stoppedByDuration() ? " (stopped by --duration)" : "");
        out.printf("  accepted    %d in %.2f s = %.1f accepted/s%n", report.accepted(),
                report.elapsed().toNanos() / 1e9, report.acceptedPerSecond());
        out.printf("  answers     %s%n", describe(report.statuses()));
        report.latency().ifPresent(latency -> out.printf("  latency ms  p50 %.1f  p95 %.1f  p99 %.1f  max %.1f%n",
                latency.p50(), latency.p95(), latency.p99(), latency.max()));
    }

    private static String describe(Map<String, Integer> statuses) {
        return statuses.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(entry -> entry.getKey() + " x" + entry.getValue()).collect(Collectors.joining(", "));
    }
}
