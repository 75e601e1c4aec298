package io.tourists.queue;

import io.tourists.domain.TouristWrite;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/**
 * A write queue in memory, for tests of what the API sends: it records each write it stores. It can fail the
 * ways {@link SqsWriteQueue} reports: not sent (the queue is down), or unknown, with the write stored or not (the
 * call timed out after or before SQS took it).
 */
public final class RecordingWriteQueue implements WriteQueue {

    /** One send: the write and the correlation id that went with it. */
    public record Sent(TouristWrite write, String correlationId) {}

    /** What one send does. */
    public enum Outcome {
        /** Stored and confirmed. */
        STORE,
        /** Not stored, and reported not sent. */
        NOT_SENT,
        /** Stored, but reported unknown: the answer was lost. */
        STORE_BUT_LOSE_THE_ANSWER,
        /** Not stored, and reported unknown: the request was lost. */
        LOSE_THE_REQUEST
    }

    private final List<Sent> sent = new ArrayList<>();
    private final Deque<Outcome> script = new ArrayDeque<>();
    private Outcome otherwise = Outcome.STORE;

    @Override
    public void send(TouristWrite write, String correlationId) {
        var outcome = script.isEmpty() ? otherwise : script.removeFirst();
        if (outcome == Outcome.STORE || outcome == Outcome.STORE_BUT_LOSE_THE_ANSWER) {
            sent.add(new Sent(write, correlationId));
        }
        switch (outcome) {
            case STORE -> { }
            case NOT_SENT -> throw new QueueUnavailableException("the test queue is down", Delivery.NOT_SENT,
                    new IllegalStateException("down"));
            case STORE_BUT_LOSE_THE_ANSWER, LOSE_THE_REQUEST -> throw new QueueUnavailableException(
                    "the test queue did not answer", Delivery.UNKNOWN, new IllegalStateException("no answer"));
        }
    }

    /** From now on every send fails, certainly not sent. */
    public void goDown() {
        otherwise = Outcome.NOT_SENT;
    }

    /** From now on every send stores the write but reports the outcome unknown. */
    public void loseAnswers() {
        otherwise = Outcome.STORE_BUT_LOSE_THE_ANSWER;
    }

    /** The next sends do these, one each, in order; then the queue does what it did before. */
    public void script(Outcome... outcomes) {
        script.addAll(Arrays.asList(outcomes));
    }

    public List<Sent> sent() {
        return List.copyOf(sent);
    }

    public List<TouristWrite> writes() {
        return sent.stream().map(Sent::write).toList();
    }
}
