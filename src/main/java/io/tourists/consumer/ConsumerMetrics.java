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

    private ConsumerMetrics() {
    }

    static void record(BatchReport report, InvocationMetrics metrics) {
        metrics.count(BATCH_SIZE, report.received());
        metrics.count(APPLIED, report.applied());
        metrics.count(DUPLICATES, report.duplicates());
        metrics.count(STALE, report.stale());
        metrics.count(REJECTED, report.refused());
        metrics.count(RETRIED, report.retried());
    }

    static void recordFailedBatch(int received, InvocationMetrics metrics) {
        record(new BatchReport(received, 0, 0, 0, 0, received), metrics);
    }
}
