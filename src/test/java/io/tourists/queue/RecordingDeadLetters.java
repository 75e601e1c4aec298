package io.tourists.queue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Dead letters in memory, for unit tests of the consumer: it records what it is asked to park, or, once told
 * the dead-letter queue is unreachable, parks nothing and says so for every message, as
 * {@link DeadLetterQueue} does when SQS does not answer.
 */
public final class RecordingDeadLetters implements DeadLetters {

    private final List<Refusal> parked = new ArrayList<>();
    private boolean unreachable;

    @Override
    public Set<String> park(List<Refusal> refusals) {
        var notParked = new HashSet<String>();
        for (var refusal : refusals) {
            if (unreachable) {
                notParked.add(refusal.message().getMessageId());
            } else {
                parked.add(refusal);
            }
        }
        return notParked;
    }

    /** From now on nothing can be parked. */
    public void goDown() {
        unreachable = true;
    }

    public List<Refusal> parked() {
        return List.copyOf(parked);
    }
}
