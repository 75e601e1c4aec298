package io.tourists.queue;

import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import java.util.List;
import java.util.Set;

/**
 * Where the consumer parks messages that can never be applied: the dead-letter queue on SQS
 * ({@link DeadLetterQueue}), or an in-memory double in tests.
 */
public interface DeadLetters {

    /** A message the consumer refuses for good, and why. */
    record Refusal(SQSMessage message, String reason, String detail) {}

    /**
     * Parks the refused messages with their reasons.
     *
     * @return the message ids that could not be parked: they must stay on the write queue to be retried
     */
    Set<String> park(List<Refusal> refusals);
}
