package io.tourists.local.dashboard;

import io.tourists.lambda.InvocationMetrics;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The functions' own metrics, added up since the runtime started: each invocation's counts, the same ones
 * Lambda's functions print as EMF (WritesAccepted, WritesApplied, MessagesRejected, ...). The runtime hands this
 * to every function it builds ({@link InvocationMetrics#reportingTo}); no function knows the runtime.
 */
public final class FunctionCounts implements InvocationMetrics.Listener {

    private final Map<String, LongAdder> totals = new ConcurrentHashMap<>();

    @Override
    public void published(Map<String, Long> counts) {
        counts.forEach((name, value) -> totals.computeIfAbsent(name, key -> new LongAdder()).add(value));
    }

    /** The sum of {@code metric} over every invocation so far; 0 when none counted it. */
    public long total(String metric) {
        var total = totals.get(metric);
        return total == null ? 0 : total.sum();
    }
}
