package io.tourists.queue;

import io.tourists.domain.TouristWrite;
import java.util.ArrayList;
import java.util.List;

/**
 * A write queue in memory, for tests of what the API sends: it records each write it is given, or, once
 * told the queue is down, refuses every send the way {@link SqsWriteQueue} does when SQS does not answer.
 */
public final class RecordingWriteQueue implements WriteQueue {

    /** One send: the write and the correlation id that went with it. */
    public record Sent(TouristWrite write, String correlationId) {}

    private final List<Sent> sent = new ArrayList<>();
    private boolean unavailable;

    @Override
    public void send(TouristWrite write, String correlationId) {
        if (unavailable) {
            throw new QueueUnavailableException("the test queue is down", new IllegalStateException("down"));
        }
        sent.add(new Sent(write, correlationId));
    }

    /** From now on every send fails with {@link QueueUnavailableException}. */
    public void goDown() {
        unavailable = true;
    }

    public List<Sent> sent() {
        return List.copyOf(sent);
    }

    public List<TouristWrite> writes() {
        return sent.stream().map(Sent::write).toList();
    }
}
