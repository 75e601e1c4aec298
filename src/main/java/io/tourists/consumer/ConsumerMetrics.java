package io.tourists.consumer;

import io.tourists.lambda.InvocationMetrics;

/**
 * What the consumer counts per batch, from its {@link BatchReport}: the batch size, and what became of
 * each message. A batch that failed whole (the database was unavailable) counts every message as retried.
 */
final class ConsumerMetrics {

    static final String BATCH_SIZE = "BatchSize";
    static final String APPLIED = "WritesApplied";
    static final String DUPLICATES = "WritesDuplicate";
    static final String STALE = "WritesStale";
    static final String REJECTED = "MessagesRejected";
    static final String RETRIED = "MessagesRetried";
    /**
     * Batches sent back whole because the database could not be used, or was not tried since it failed moments
     * ago ({@link DatabaseCircuit}): 1 for such a batch, else 0. A sum above 0 means the circuit is open.
     */
    static final String DATABASE_UNAVAILABLE = "DatabaseUnavailable";
    /** Conditional writes refused as version-conflict: answers to their clients, not faults. */
    static final String CONFLICTS = "WritesConflicted";

    private ConsumerMetrics() {
    }

    static void record(BatchReport report, InvocationMetrics metrics) {
        metrics.count(BATCH_SIZE, report.received());
        metrics.count(APPLIED, report.applied());
        metrics.count(DUPLICATES, report.duplicates());
        metrics.count(STALE, report.stale());
        metrics.count(REJECTED, report.refused());
        metrics.count(RETRIED, report.retried());
        metrics.count(DATABASE_UNAVAILABLE, 0);
        metrics.count(CONFLICTS, report.conflicts());
    }

    /** A batch that failed whole; {@code databaseUnavailable} when it went back because of the database. */
    static void recordFailedBatch(int received, boolean databaseUnavailable, InvocationMetrics metrics) {
        record(new BatchReport(received, 0, 0, 0, 0, received), metrics);
        metrics.count(DATABASE_UNAVAILABLE, databaseUnavailable ? 1 : 0);
    }
}
