package io.tourists.ops.load;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tourists.json.Json;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * What a load run measured.
 *
 * @param sent              requests started; fewer than planned when the duration cap stopped the run
 * @param statuses          answers by HTTP status ("202"), or by failure ("error: ConnectException") when none came
 * @param accepted          answers with 202 Accepted
 * @param elapsed           from the first request sent to the last answer
 * @param latency           over every request that got an HTTP answer; empty if none did
 */
public record LoadReport(URI target, int planned, int sent, Map<String, Integer> statuses, int accepted,
                         Duration elapsed, Optional<Latency> latency, boolean stoppedByDuration) {

    public LoadReport {
        statuses = Map.copyOf(statuses);
    }

    /** Accepted writes per second of the run. */
    public double acceptedPerSecond() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds <= 0 ? 0 : accepted / seconds;
    }

    /** Latency percentiles in milliseconds, nearest rank. */
    public record Latency(double p50, double p95, double p99, double max) {

        public static Optional<Latency> of(long[] nanos) {
            if (nanos.length == 0) {
                return Optional.empty();
            }
            var sorted = nanos.clone();
            Arrays.sort(sorted);
            return Optional.of(new Latency(percentile(sorted, 50), percentile(sorted, 95), percentile(sorted, 99),
                    sorted[sorted.length - 1] / 1e6));
        }

        /** The smallest value with at least p% of the values at or below it. */
        static double percentile(long[] sorted, double p) {
            int rank = (int) Math.ceil(p / 100 * sorted.length);
            return sorted[Math.max(0, rank - 1)] / 1e6;
        }
    }

    public ObjectNode toJson() {
        var node = Json.MAPPER.createObjectNode()
                .put("target", target.toString())
                .put("planned", planned)
                .put("sent", sent)
                .put("accepted", accepted)
                .put("elapsedSeconds", round(elapsed.toNanos() / 1e9))
                .put("acceptedPerSecond", round(acceptedPerSecond()))
                .put("stoppedByDuration", stoppedByDuration);
        var byStatus = node.putObject("statuses");
        statuses.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(entry -> byStatus.put(entry.getKey(), entry.getValue()));
        latency.ifPresentOrElse(l -> node.putObject("latencyMs")
                        .put("p50", round(l.p50())).put("p95", round(l.p95())).put("p99", round(l.p99()))
                        .put("max", round(l.max())),
                () -> node.putNull("latencyMs"));
        return node;
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
