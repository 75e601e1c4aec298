package io.tourists.queue;

import io.tourists.domain.TouristWrite;
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
     * Sends each write, and says for each what became of it, in order; never throws for the queue's failures.
     * This one sends them one at a time; a queue that can send several per call does.
     */
    default List<SendResult> sendAll(List<TouristWrite> writes, String correlationId) {
        var results = new ArrayList<SendResult>(writes.size());
        for (var write : writes) {
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
