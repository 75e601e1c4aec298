package io.tourists.queue;

/**
 * Names of the SQS message attributes the pipeline reads and writes. SQS allows ten per message:
 * a write carries two, and a parked (dead-lettered) write adds up to six.
 */
public final class MessageAttributes {

    /** The envelope's type, so subscribers can filter without parsing the body. */
    public static final String TYPE = "type";
    /** Follows one write from the HTTP request through the queue into the consumer's log lines. */
    public static final String CORRELATION_ID = "correlationId";

    /** Why the consumer refused the message: a stable code, e.g. {@code invalid-message}. */
    public static final String FAILURE_REASON = "failure.reason";
    /** The refusal in words: every field error, for the operator who reads the dead-letter queue. */
    public static final String FAILURE_DETAIL = "failure.detail";
    /** When the consumer refused it (RFC 3339). */
    public static final String FAILED_AT = "failure.at";
    /** The message id it had on the write queue. */
    public static final String SOURCE_MESSAGE_ID = "source.messageId";
    /** How many times the write queue had delivered it. */
    public static final String SOURCE_RECEIVE_COUNT = "source.receiveCount";
    /** When the write queue first delivered it (RFC 3339). */
    public static final String SOURCE_FIRST_SEEN = "source.firstSeen";

    public static final int MAX_PER_MESSAGE = 10;

    private MessageAttributes() {
    }
}
