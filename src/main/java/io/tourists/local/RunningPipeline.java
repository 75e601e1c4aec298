package io.tourists.local;

import io.tourists.local.auth.LocalJwtIssuer;
import io.tourists.local.http.HttpApiGateway;
import io.tourists.local.sqs.EventSourceMapping;
import io.tourists.local.sqs.QueueCounts;
import io.tourists.local.sqs.QueueRef;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The pipeline once every part has started, and how it stops without losing a message. The parts themselves
 * are also registered with {@link Parts}, which stops whatever is left afterwards, PostgreSQL last.
 *
 * @param gatewayPart     the HTTP API as registered, to stop it first
 * @param consumer        the consumer's running mapping; empty when the template disables it
 * @param consumerPart    the mapping as registered, to stop it once the queue is drained
 * @param consumerTimeout how long the consumer may take to empty the embedded queue when stopping
 * @param jwtIssuer       the local identity provider, with --authorizer jwt
 * @param dashboard       the dashboard page, when the settings asked for one
 */
record RunningPipeline(PrintStream out, StartedSqs sqs, StartedDatabase database, QueueRef writeQueue,
                       HttpApiGateway gateway, Parts.Part gatewayPart, Optional<EventSourceMapping> consumer,
                       Parts.Part consumerPart, PipelineStatus status, Duration consumerTimeout,
                       Optional<LocalJwtIssuer> jwtIssuer, Optional<URI> dashboard) {

    private static final Duration DRAIN_CHECK = Duration.ofMillis(100);

    URI apiUri() {
        return gateway.uri();
    }

    String jdbcUrl() {
        return database.jdbcUrl();
    }

    Map<String, QueueRef> queues() {
        return sqs.queues();
    }

    /**
     * No new requests; with an embedded queue that lives in memory only, the consumer first empties it, for up to
     * its Timeout; in-flight invocations finish, and whatever was received but not settled goes back to the queue.
     */
    void stop() {
        out.println("stopping: the API takes no more requests; in-flight batches finish or return to the queue");
        gatewayPart.stop(out);
        if (sqs.inMemory() && consumer.isPresent()) {
            drainEmbeddedQueue();
        }
        consumerPart.stop(out);
        status.printIfChanged();
        reportWhatTheEmbeddedQueueLoses();
    }

    private void drainEmbeddedQueue() {
        long deadline = System.nanoTime() + consumerTimeout.toNanos();
        while (System.nanoTime() < deadline) {
            var depth = status.depth(writeQueue);
            var inFlight = consumer.map(mapping -> mapping.stats().inFlightInvocations()).orElse(0);
            if (depth.isEmpty() || (depth.get().visible() == 0 && inFlight == 0)) {
                return;
            }
            try {
                Thread.sleep(DRAIN_CHECK);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void reportWhatTheEmbeddedQueueLoses() {
        if (!sqs.inMemory()) {
            return;
        }
        long left = sqs.queues().values().stream()
                .map(queue -> status.depth(queue).map(QueueCounts::total).orElse(0L))
                .mapToLong(Long::longValue).sum();
        if (left > 0) {
            out.println("note: " + left + " messages were still in the embedded queues (waiting to be retried, or"
                    + " dead letters) and go with them; keep them with --data-dir, or run against a persistent SQS (--sqs-endpoint)");
        }
    }
}
