package io.tourists.queue;

import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Redeliveries in memory, for unit tests of the consumer: it records each message sent back and its delay
 * (the latest, by message id, in the order first sent back).
 */
public final class RecordingRedeliveries implements Redeliveries {

    private final Map<String, Duration> sentBack = new LinkedHashMap<>();
    private int calls;

    @Override
    public Set<String> sendBack(List<SQSMessage> messages, Function<SQSMessage, Duration> delay) {
        calls++;
        messages.forEach(message -> sentBack.put(message.getMessageId(), delay.apply(message)));
        return Set.of();
    }

    /** Each message id sent back, with the delay it was sent back for the last time. */
    public Map<String, Duration> sentBack() {
        return Map.copyOf(sentBack);
    }

    /** How many batches were sent back. */
    public int calls() {
        return calls;
    }
}
