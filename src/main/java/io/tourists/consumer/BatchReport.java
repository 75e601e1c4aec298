package io.tourists.consumer;

/**
 * What one invocation did with its batch. Each message is counted once by what happened to it: applied,
 * duplicate or stale, or refused (parked on the dead-letter queue with its reason). {@code retried} counts
 * the messages reported in batchItemFailures: on a standard queue those are refusals that could not be
 * parked; on a FIFO queue also every message after the first failure, whatever happened to it (it comes
 * back and is then a duplicate). {@code conflicts} counts conditional writes whose condition failed: recorded
 * as rejected ({@code version-conflict}), not parked.
 */
public record BatchReport(int received, int applied, int duplicates, int stale, int refused, int retried,
                          int conflicts) {

    /** A batch without conditional writes that failed. */
    public BatchReport(int received, int applied, int duplicates, int stale, int refused, int retried) {
        this(received, applied, duplicates, stale, refused, retried, 0);
    }
}
