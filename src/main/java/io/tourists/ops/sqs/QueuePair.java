package io.tourists.ops.sqs;

/**
 * The write queue and the dead-letter queue the operator named (by default {@code <queue>-dlq}). They belong
 * together only if the write queue's redrive policy names that dead-letter queue: see
 * {@link #isDeadLetterTargetOfWriteQueue()}.
 */
public record QueuePair(SqsQueue writeQueue, SqsQueue deadLetterQueue) {

    /** True when the write queue's RedrivePolicy names this dead-letter queue as its deadLetterTargetArn. */
    public boolean isDeadLetterTargetOfWriteQueue() {
        return writeQueue.redrivePolicy()
                .filter(policy -> policy.deadLetterTargetArn().equals(deadLetterQueue.arn()))
                .isPresent();
    }
}
