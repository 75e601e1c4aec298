package io.tourists.ops.load;

import java.net.URI;
import java.time.Duration;

/**
 * What a load run does: {@code requests} POSTs of valid, random tourists to {@code baseUrl}/tourists, at most
 * {@code concurrency} at a time, stopping early when {@code maxDuration} has passed.
 *
 * @param idempotencyKeys send a fresh {@code Idempotency-Key} with each request (the API derives its ids from it)
 */
public record LoadPlan(URI baseUrl, int requests, int concurrency, Duration maxDuration, boolean idempotencyKeys) {

    public static final int MAX_REQUESTS = 1_000_000;
    public static final int MAX_CONCURRENCY = 1_000;

    public LoadPlan {
        if (!"http".equals(baseUrl.getScheme()) && !"https".equals(baseUrl.getScheme()) || baseUrl.getHost() == null) {
            throw new IllegalArgumentException("the API URL must be http(s)://host[:port], got " + baseUrl);
        }
        if (requests < 1 || requests > MAX_REQUESTS) {
            throw new IllegalArgumentException("requests must be between 1 and " + MAX_REQUESTS + ", got " + requests);
        }
        if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
            throw new IllegalArgumentException(
                    "concurrency must be between 1 and " + MAX_CONCURRENCY + ", got " + concurrency);
        }
        if (maxDuration.isNegative() || maxDuration.isZero()) {
            throw new IllegalArgumentException("the duration cap must be positive, got " + maxDuration);
        }
    }

    /** {@code baseUrl} + {@code /tourists}, whatever the base's trailing slash. */
    public URI collection() {
        var base = baseUrl.toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/tourists");
    }
}
