package io.tourists.ops.dlq;

/** The write queue and the dead-letter queue its failures go to. */
record QueuePair(ResolvedQueue writeQueue, ResolvedQueue deadLetterQueue) {
}
