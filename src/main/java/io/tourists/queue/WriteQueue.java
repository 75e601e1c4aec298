package io.tourists.queue;

import io.tourists.domain.TouristWrite;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Where accepted writes go. The API's only side effect. */
public interface WriteQueue {

    /**
     * Sends one write; returns only once the queue has stored it.
     *
     * @throws QueueUnavailableException when the queue did not confirm it: the caller answers 503, saying
     *                                   whether the write was certainly not sent or may have been taken
     */
    void send(TouristWrite write, String correlationId);

    /**
     * Sends each write within {@code budget}, and says for each what became of it, in order; never throws for the
     * queue's failures. A budget already spent (zero or less) tries nothing. This one sends them one at a time,
     * and once the budget is spent tries no more; a queue that can send several per call does.
     */
    default List<SendResult> sendAll(List<TouristWrite> writes, String correlationId, Duration budget) {
        long deadline = System.nanoTime() + budget.toNanos();
        var results = new ArrayList<SendResult>(writes.size());
        for (var write : writes) {
            if (System.nanoTime() >= deadline) {
                results.add(new SendResult.Failed(Delivery.NOT_SENT, "not tried: the time to send was spent"));
                continue;
            }
            try {
                send(write, correlationId);
                results.add(SendResult.STORED);
            } catch (QueueUnavailableException e) {
                results.add(new SendResult.Failed(e.delivery(), e.getMessage()));
            }
        }
        return results;
    }
}
