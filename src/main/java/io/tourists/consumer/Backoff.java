package io.tourists.consumer;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * How long a message the database could not take stays invisible before its next try: {@code first} after
 * its first receive, then twice as long after each receive, up to {@code max}. The consumer sets it with
 * ChangeMessageVisibility, so the first retry after a short outage comes seconds after the database is back,
 * not after the queue's visibility timeout.
 *
 * <p>Why the consumer does it: with ReportBatchItemFailures on, Lambda does not scale its pollers down when
 * invocations fail, and a failed message otherwise comes back only after the queue's visibility timeout.
 * https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html
 *
 * <p>Each receive counts toward the queue's maxReceiveCount, so the schedule and maxReceiveCount together
 * decide how long an outage the queue rides out before messages reach the dead-letter queue
 * ({@link #toleratedOutage}). SQS counts visibility in whole seconds.
 *
 * @param first the invisibility after the first receive: at least 1 s
 * @param max   the longest invisibility: at least {@code first}, at most SQS's 12 hours
 */
public record Backoff(Duration first, Duration max) {

    private static final Duration SQS_MAX_VISIBILITY = Duration.ofHours(12);

    public static final String FIRST_VARIABLE = "BACKOFF_FIRST_SECONDS";
    public static final String MAX_VARIABLE = "BACKOFF_MAX_SECONDS";
    public static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(60));

    public Backoff {
        if (first.toMillis() % 1000 != 0 || max.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException("SQS visibility is whole seconds: " + first + ", " + max);
        }
        if (first.compareTo(Duration.ofSeconds(1)) < 0 || max.compareTo(first) < 0
                || max.compareTo(SQS_MAX_VISIBILITY) > 0) {
            throw new IllegalArgumentException("need 1 s <= first <= max <= 12 h, got " + first + " and " + max);
        }
    }

    /** {@code BACKOFF_FIRST_SECONDS} and {@code BACKOFF_MAX_SECONDS}, each defaulting to {@link #DEFAULT}'s. */
    public static Backoff fromEnvironment(Map<String, String> env) {
        return new Backoff(seconds(env, FIRST_VARIABLE).orElse(DEFAULT.first),
                seconds(env, MAX_VARIABLE).orElse(DEFAULT.max));
    }

    /** The invisibility to set after the {@code receiveCount}-th receive failed (1 for the first receive). */
    public Duration after(int receiveCount) {
        int doublings = Math.max(0, receiveCount - 1);
        if (doublings >= 31) {
            return max;
        }
        long seconds = first.toSeconds() << doublings;
        return seconds >= max.toSeconds() ? max : Duration.ofSeconds(seconds);
    }

    /**
     * The longest database outage during which no message reaches the dead-letter queue. A message first
     * received as the outage starts is received again after {@code after(1)}, {@code after(2)}, ...; its
     * last chance is its {@code maxReceiveCount}-th receive, {@code after(1) + ... + after(maxReceiveCount - 1)}
     * later. That receive must find the database back, and a consumer that saw the database fail just before
     * may still skip it for up to {@code skip} ({@link DatabaseCircuit}), so the skip is taken off.
     * Processing time and receives that end in a function timeout (which wait out the queue's longer
     * visibility timeout) only add to it: this is the lower bound.
     */
    public Duration toleratedOutage(int maxReceiveCount, Duration skip) {
        var total = Duration.ZERO;
        for (int receive = 1; receive < maxReceiveCount; receive++) {
            total = total.plus(after(receive));
        }
        return total.minus(skip);
    }

    /** The smallest maxReceiveCount whose {@link #toleratedOutage} covers {@code outage}. */
    public int maxReceiveCountFor(Duration outage, Duration skip) {
        int maxReceiveCount = 1;
        while (toleratedOutage(maxReceiveCount, skip).compareTo(outage) < 0) {
            maxReceiveCount++;
        }
        return maxReceiveCount;
    }

    private static Optional<Duration> seconds(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).filter(value -> !value.isBlank())
                .map(value -> {
                    try {
                        return Duration.ofSeconds(Long.parseLong(value.strip()));
                    } catch (NumberFormatException e) {
                        throw new IllegalStateException("environment variable " + name + " is not a number of seconds: "
                                + value, e);
                    }
                });
    }
}
