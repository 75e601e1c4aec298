package io.tourists.queue;

import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Where the consumer sends received messages back to be received again after a delay of its choosing: the write
 * queue on SQS ({@link SourceQueue}), or an in-memory double in tests.
 */
public interface Redeliveries {

    /**
     * Makes each message visible again {@code delay} after now.
     *
     * @return the message ids whose visibility could not be changed: they come back after the queue's own
     *         visibility timeout, which is later, so nothing is lost
     */
    Set<String> sendBack(List<SQSMessage> messages, Function<SQSMessage, Duration> delay);
}
