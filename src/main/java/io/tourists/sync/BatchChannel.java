package io.tourists.sync;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where a batch of up to 10 messages goes: SendMessageBatch on the write queue ({@link SqsBatchChannel}), or a
 * test's in-memory queue.
 */
public interface BatchChannel {

    /** SQS takes at most 10 entries per SendMessageBatch. */
    int MAX_ENTRIES = 10;

    /** One message: its id within the batch, its body, and the tourist it is about (a FIFO queue's group). */
    record Entry(String id, String type, String body, String touristId, String writeId) {}

    /**
     * What became of a batch. Entries in neither set were stored by the queue.
     *
     * @param retry   entries the queue did not take for a reason on its side (throttled, an internal error)
     * @param refused entries the queue will never take as sent, with SQS's reason (the sender's fault)
     */
    record Result(Set<String> retry, Map<String, String> refused) {
        public static Result allStored() {
            return new Result(Set.of(), Map.of());
        }
    }

    /**
     * Sends one batch.
     *
     * @throws BatchFailedException when the call as a whole failed: no entry is known to be stored
     */
    Result send(List<Entry> entries);

    /** A call that failed as a whole: a timeout, a refused connection, throttling. Worth retrying. */
    final class BatchFailedException extends RuntimeException {
        public BatchFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
