package io.tourists.queue;

import io.tourists.domain.TouristWrite;

/** Where accepted writes go. The API's only side effect. */
public interface WriteQueue {

    /**
     * Sends one write; returns only once the queue has stored it.
     *
     * @throws QueueUnavailableException when the queue cannot take it now: the caller answers 503
     */
    void send(TouristWrite write, String correlationId);
}
