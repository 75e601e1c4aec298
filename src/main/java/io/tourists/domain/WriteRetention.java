package io.tourists.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * How long the system remembers a write: its record (applied or rejected) and, for a delete, its tombstone.
 * The consumer refuses a write whose occurredAt is older than the window ({@link #isTooOld}), and records are
 * pruned only once the write they describe is older than the window plus {@link #PRUNE_GRACE}. So a pruned
 * record can never let a late copy of its write apply again, nor let an older upsert bring a deleted tourist
 * back: that copy, or that upsert, is itself too old.
 *
 * <p>The window must be longer than a message can live on the write queue and then on its dead-letter queue,
 * or a write redriven in time would be refused; template.yaml's WriteRetentionDays is checked against both.
 *
 * @param window the retention window, {@code WRITE_RETENTION_DAYS} days (default {@value #DEFAULT_DAYS})
 */
public record WriteRetention(Duration window) {

    public static final String VARIABLE = "WRITE_RETENTION_DAYS";
    public static final int DEFAULT_DAYS = 20;
    /**
     * Pruning waits this much longer than the consumer: a batch judged just before a prune may still be
     * applying its writes, and the clocks of the consumer and of the pruner may differ by a little.
     */
    public static final Duration PRUNE_GRACE = Duration.ofDays(1);

    public WriteRetention {
        if (window.compareTo(Duration.ofDays(1)) < 0) {
            throw new IllegalArgumentException(VARIABLE + " must be at least 1 day, got " + window);
        }
    }

    public static WriteRetention ofDays(int days) {
        return new WriteRetention(Duration.ofDays(days));
    }

    /** From {@code WRITE_RETENTION_DAYS} in the environment; {@value #DEFAULT_DAYS} days when it is not set. */
    public static WriteRetention fromEnvironment(Map<String, String> env) {
        var value = Optional.ofNullable(env.get(VARIABLE)).map(String::strip).filter(text -> !text.isEmpty());
        try {
            return ofDays(value.map(Integer::parseInt).orElse(DEFAULT_DAYS));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(VARIABLE + " must be a whole number of days, got " + value.get(), e);
        }
    }

    public long days() {
        return window.toDays();
    }

    /** The consumer's rule: a write that occurred before {@code now - window} is never applied. */
    public boolean isTooOld(Instant occurredAt, Instant now) {
        return occurredAt.isBefore(now.minus(window));
    }

    /** Records of writes that occurred before this instant may be pruned (whole seconds: it is shown). */
    public Instant pruneBefore(Instant now) {
        return now.minus(window).minus(PRUNE_GRACE).truncatedTo(ChronoUnit.SECONDS);
    }

    /**
     * Whether a writeId says by itself that its write is older than the window: a UUIDv7 (what the API makes
     * without an Idempotency-Key) carries its creation time in its first 48 bits. Other ids say nothing.
     */
    public boolean idIsOlderThanWindow(UUID writeId, Instant now) {
        if (writeId.version() != 7) {
            return false;
        }
        var created = Instant.ofEpochMilli(writeId.getMostSignificantBits() >>> 16);
        return isTooOld(created, now);
    }
}
