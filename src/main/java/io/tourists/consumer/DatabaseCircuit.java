package io.tourists.consumer;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * Remembers that the database just failed, so that the next invocations of this execution environment fail at
 * once instead of each waiting for a connection timeout. After a failure, attempts are skipped for a short
 * while: {@link #FIRST_SKIP}, doubling after each failed probe up to {@link #MAX_SKIP}. The first invocation
 * after that tries the database again (the probe); a success closes the circuit.
 *
 * <p>The skips stay short because a batch that skips is sent back with its backoff like one that tried: a
 * skip right after the database returns delays that batch by one backoff step, and the longest skip is taken
 * off the outage the queue tolerates ({@link Backoff#toleratedOutage}).
 *
 * <p>One per execution environment; Lambda runs one invocation at a time in it, but the methods are
 * synchronized for callers that share one.
 */
public final class DatabaseCircuit {

    public static final Duration FIRST_SKIP = Duration.ofSeconds(1);
    public static final Duration MAX_SKIP = Duration.ofSeconds(4);

    private final InstantSource clock;
    private Instant skipUntil = Instant.MIN;
    private Duration nextSkip = FIRST_SKIP;

    public DatabaseCircuit(InstantSource clock) {
        this.clock = clock;
    }

    /** False while attempts are skipped: the database failed less than the current skip ago. */
    public synchronized boolean allowsAttempt() {
        return !clock.instant().isBefore(skipUntil);
    }

    /** The database answered: attempt every time again. */
    public synchronized void succeeded() {
        skipUntil = Instant.MIN;
        nextSkip = FIRST_SKIP;
    }

    /** The database could not be used: skip attempts for a while, longer each time up to {@link #MAX_SKIP}. */
    public synchronized void failed() {
        skipUntil = clock.instant().plus(nextSkip);
        var doubled = nextSkip.multipliedBy(2);
        nextSkip = doubled.compareTo(MAX_SKIP) > 0 ? MAX_SKIP : doubled;
    }
}
