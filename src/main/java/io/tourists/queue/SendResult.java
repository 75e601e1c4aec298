package io.tourists.queue;

/** What became of one write of {@link WriteQueue#sendAll}. */
public sealed interface SendResult {

    /** The queue stored it. */
    SendResult STORED = new Stored();

    record Stored() implements SendResult {}

    /**
     * The queue did not confirm it.
     *
     * @param reason for the logs: SQS's error code or the failure's type, never a field of the tourist
     */
    record Failed(Delivery delivery, String reason) implements SendResult {}
}
