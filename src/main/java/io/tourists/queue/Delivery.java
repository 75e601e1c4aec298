package io.tourists.queue;

/**
 * What the sender knows of a write the queue did not confirm. The difference matters to a client that sent no
 * Idempotency-Key: after {@link #NOT_SENT} it can simply send the write again; after {@link #UNKNOWN} a second
 * send could apply it twice, so it checks the write's status first (or repeats it in a form that is safe to
 * repeat).
 */
public enum Delivery {

    /**
     * The queue certainly does not have it: no byte of it left this process (the connection was refused, the
     * host unknown), or SQS answered that it refused it (a 4xx error, an entry of a batch it reported failed as
     * the sender's fault).
     */
    NOT_SENT,

    /**
     * The queue may have it: the request may have reached SQS and no answer says what SQS did (a timeout, a
     * connection reset while waiting for the answer, a 5xx, an entry of a batch SQS reported failed by its own
     * fault, an answer that could not be checked).
     */
    UNKNOWN
}
