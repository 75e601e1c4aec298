package io.tourists.consumer;

import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import io.tourists.db.StoreException;
import io.tourists.queue.Redeliveries;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static io.tourists.config.LogFields.entry;

/**
 * What the consumer does while PostgreSQL cannot be used: it sends the whole batch back to the queue, each
 * message for its {@link Backoff} step by its receive count, and remembers the failure ({@link DatabaseCircuit})
 * so that this environment's next batches go back at once instead of each waiting for a connection timeout.
 * The invocation still fails, so the function's Errors metric and alarms show the outage.
 */
final class DatabaseOutage {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseOutage.class);
    private static final String RECEIVE_COUNT = "ApproximateReceiveCount";

    private final Backoff backoff;
    private final DatabaseCircuit circuit;
    private final Redeliveries queue;

    DatabaseOutage(Backoff backoff, DatabaseCircuit circuit, Redeliveries queue) {
        this.backoff = backoff;
        this.circuit = circuit;
        this.queue = queue;
    }

    /** False while this environment skips the database: it failed moments ago. */
    boolean allowsAttempt() {
        return circuit.allowsAttempt();
    }

    /** The database answered (applied, or refused data): no outage. */
    void databaseAnswered() {
        circuit.succeeded();
    }

    /** Sends the batch back without trying the database, and returns the exception that fails the invocation. */
    StoreException.Unavailable skipped(List<SQSMessage> messages) {
        var skipped = new StoreException.Unavailable("the database failed moments ago; not tried for this batch", null);
        LOG.warn("the database failed moments ago: the batch goes back to the queue untried",
                entry("messages", messages.size()), entry("comesBackAfter", sendBack(messages)));
        return skipped;
    }

    /** Remembers the failure, sends the batch back, and returns {@code cause} to fail the invocation with. */
    StoreException.Unavailable failed(List<SQSMessage> messages, StoreException.Unavailable cause) {
        circuit.failed();
        LOG.error("the database is unavailable: the whole batch goes back to the queue",
                entry("messages", messages.size()), entry("comesBackAfter", sendBack(messages)), cause);
        return cause;
    }

    /**
     * Sends back the messages whose writes were left untried after statement timeouts, while the database applied
     * the rest of their batch: it answered, so this is no outage and the circuit stays closed.
     */
    void sendBackUntried(List<SQSMessage> messages, StoreException cause) {
        LOG.warn("statements timed out: the writes not applied go back to the queue",
                entry("messages", messages.size()), entry("comesBackAfter", sendBack(messages)), cause);
    }

    /** Sends the messages back; returns how their delays range, for the log ("2 s", "4-60 s"). */
    private String sendBack(List<SQSMessage> messages) {
        var notSentBack = queue.sendBack(messages, message -> backoff.after(receiveCount(message)));
        if (!notSentBack.isEmpty()) {
            LOG.warn("some messages could not be sent back early: they return after the queue's visibility timeout",
                    entry("messages", notSentBack.size()));
        }
        var delays = messages.stream().map(m -> backoff.after(receiveCount(m))).map(Duration::toSeconds).toList();
        long min = delays.stream().mapToLong(Long::longValue).min().orElse(0);
        long max = delays.stream().mapToLong(Long::longValue).max().orElse(0);
        return (min == max ? Long.toString(max) : min + "-" + max) + " s";
    }

    /** The message's receives so far, counting this one: 1 when SQS did not say. */
    static int receiveCount(SQSMessage message) {
        return Optional.ofNullable(message.getAttributes()).map(attributes -> attributes.get(RECEIVE_COUNT))
                .flatMap(DatabaseOutage::parse).orElse(1);
    }

    private static Optional<Integer> parse(String count) {
        try {
            return Optional.of(Math.max(1, Integer.parseInt(count.strip())));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
