package io.tourists.queue;

/**
 * The write queue did not confirm a message: retryable by whoever sent the write. {@link #delivery()} says
 * whether the queue certainly does not have it, or may have it.
 */
public final class QueueUnavailableException extends RuntimeException {

    private final Delivery delivery;

    public QueueUnavailableException(String message, Delivery delivery, Throwable cause) {
        super(message, cause);
        this.delivery = delivery;
    }

    public Delivery delivery() {
        return delivery;
    }
}
