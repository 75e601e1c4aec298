package io.tourists.queue;

/** The write queue did not take a message: retryable by whoever sent the write. */
public final class QueueUnavailableException extends RuntimeException {

    public QueueUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
