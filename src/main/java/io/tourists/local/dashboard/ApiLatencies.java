package io.tourists.local.dashboard;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The local HTTP API's answer times, in buckets 5% wide: recording is one atomic increment, so a spike of
 * 1,000 clients pays next to nothing for it. The dashboard takes the percentiles of each second and starts afresh.
 */
public final class ApiLatencies {

    private static final double GROWTH = 1.05;
    private static final double LOG_GROWTH = Math.log(GROWTH);
    /** 1.05^400 microseconds is about 5 minutes: longer answers share the last bucket. */
    private static final int BUCKETS = 400;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

    /** Answer times in milliseconds over the window, and how many answers it held. */
    public record Percentiles(long requests, double p50, double p95, double p99) {}

    public void record(Duration took) {
        long micros = Math.max(1, took.toNanos() / 1_000);
        int bucket = (int) Math.min(BUCKETS - 1, Math.log(micros) / LOG_GROWTH);
        counts.incrementAndGet(bucket);
    }

    /** The percentiles of what was recorded since the last call; the buckets start empty again. */
    public Percentiles takePercentiles() {
        var window = new long[BUCKETS];
        long requests = 0;
        for (int i = 0; i < BUCKETS; i++) {
            window[i] = counts.getAndSet(i, 0);
            requests += window[i];
        }
        return new Percentiles(requests, percentile(window, requests, 0.50), percentile(window, requests, 0.95),
                percentile(window, requests, 0.99));
    }

    /** The bucket's middle, in milliseconds, where the given share of the answers is reached; 0 for none. */
    private static double percentile(long[] window, long requests, double share) {
        if (requests == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(share * requests);
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += window[i];
            if (seen >= rank) {
                return Math.round(Math.pow(GROWTH, i + 0.5) / 10.0) / 100.0;
            }
        }
        return Math.pow(GROWTH, BUCKETS) / 1_000;
    }
}
