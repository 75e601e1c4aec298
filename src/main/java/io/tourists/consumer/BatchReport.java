package io.tourists.consumer;

/**
 * What one invocation did with its batch. Every message is counted once: applied, duplicate or stale
 * (all three deleted from the queue), refused (parked on the dead-letter queue with its reason), or
 * retried (reported in batchItemFailures).
 */
public record BatchReport(int received, int applied, int duplicates, int stale, int refused, int retried) {
}
