package io.tourists.local.sqs;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.tourists.local.lambda.ExecutionEnvironments;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * An SQS event source mapping that runs: MaximumConcurrency pollers, each receiving a batch and invoking
 * the function with it, so there are never more invocations at once than MaximumConcurrency. Each
 * invocation runs in an execution environment of the function (created on first need, reused warm, replaced
 * after a timeout). How one batch is received and settled is {@link BatchPoller}'s.
 *
 * <p>Stopping: the pollers stop receiving (a batch being gathered is invoked with what it has), let running
 * invocations finish (each is bounded by the function's Timeout), and return to the queue at once
 * (visibility 0) whatever those did not settle, so nothing waits out a visibility timeout because the runtime
 * stopped.
 */
public final class EventSourceMapping implements AutoCloseable {

    /**
     * Lambda's pollers long-poll for 20 s. These poll for 2 s, so that stopping is prompt; a message is picked
     * up as soon as it arrives either way, because a long poll returns as soon as there is one.
     */
    static final Duration LONG_POLL = Duration.ofSeconds(2);
    private static final Duration PAUSE_AFTER_QUEUE_ERROR = Duration.ofSeconds(1);
    /** Beyond the function timeout, what stopping may take: a long poll and a few SQS calls. */
    private static final Duration STOP_MARGIN = Duration.ofSeconds(10);

    /**
     * What the mapping did so far, and what it is doing now: {@code inFlightMessages} are received and not yet
     * settled (being gathered into a batch, or in an invocation).
     */
    public record Stats(long invocations, long received, long deleted, long failedItems, long erroredInvocations,
                        long timedOutInvocations, int inFlightInvocations, int inFlightMessages) {}

    private final BatchPoller poller;
    private final int maximumConcurrency;
    private final ExecutionEnvironments<RequestHandler<SQSEvent, SQSBatchResponse>> environments;
    private final Consumer<String> notices;
    private final List<Thread> pollers = new ArrayList<>();
    private volatile boolean running;

    private final AtomicLong invocations = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong deleted = new AtomicLong();
    private final AtomicLong failedItems = new AtomicLong();
    private final AtomicLong errored = new AtomicLong();
    private final AtomicLong timedOut = new AtomicLong();
    private final AtomicInteger inFlightInvocations = new AtomicInteger();
    private final AtomicInteger inFlightMessages = new AtomicInteger();
    /** The SentTimestamp of the oldest message received since {@link #takeOldestSentMillis()} last asked. */
    private final AtomicLong oldestSent = new AtomicLong(Long.MAX_VALUE);

    /**
     * @param maximumConcurrency ScalingConfig.MaximumConcurrency: the number of pollers, hence of invocations at once
     * @param environments       the function's environments; allow at least maximumConcurrency of them
     * @param notices            one-line reports of what a user should know (an invocation failed, SQS is unreachable)
     */
    public EventSourceMapping(BatchPoller poller, int maximumConcurrency,
                                     ExecutionEnvironments<RequestHandler<SQSEvent, SQSBatchResponse>> environments,
                                     Consumer<String> notices) {
        if (maximumConcurrency < 1) {
            throw new IllegalArgumentException("maximumConcurrency must be at least 1");
        }
        this.poller = poller;
        this.maximumConcurrency = maximumConcurrency;
        this.environments = environments;
        this.notices = notices;
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        for (int i = 0; i < maximumConcurrency; i++) {
            pollers.add(Thread.ofVirtual().name(environments.functionName() + "-poller-" + i).start(this::poll));
        }
    }

    public int maximumConcurrency() {
        return maximumConcurrency;
    }

    public BatchPoller.Settings settings() {
        return poller.settings();
    }

    public Stats stats() {
        return new Stats(invocations.get(), received.get(), deleted.get(), failedItems.get(), errored.get(),
                timedOut.get(), inFlightInvocations.get(), inFlightMessages.get());
    }

    /**
     * When the oldest message received since the last call was sent (epoch millis), then forgets it; empty when
     * nothing was received. SQS has no attribute for the age of the oldest message (CloudWatch computes
     * ApproximateAgeOfOldestMessage itself): this is the age the poller sees. One caller: the dashboard.
     */
    public OptionalLong takeOldestSentMillis() {
        long sent = oldestSent.getAndSet(Long.MAX_VALUE);
        return sent == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(sent);
    }

    private void noteSentTimes(List<Message> batch) {
        for (var message : batch) {
            var sent = message.attributes().get(MessageSystemAttributeName.SENT_TIMESTAMP);
            if (sent != null) {
                try {
                    oldestSent.accumulateAndGet(Long.parseLong(sent), Math::min);
                } catch (NumberFormatException e) {
                    // not SQS's epoch millis: this message does not count toward the age
                }
            }
        }
    }

    private void poll() {
        while (running) {
            try {
                pollOnce();
            } catch (RuntimeException e) {
                notices.accept(environments.functionName() + " poller: unexpected " + e + "; polling on");
                pause(PAUSE_AFTER_QUEUE_ERROR);
            }
        }
    }

    private void pollOnce() {
        var gathered = new AtomicInteger();
        try {
            List<Message> batch;
            try {
                batch = poller.receive(LONG_POLL, () -> running, count -> {
                    gathered.addAndGet(count);
                    inFlightMessages.addAndGet(count);
                });
            } catch (SdkException e) {
                notices.accept("could not receive from the queue (" + e.getMessage() + "); retrying");
                pause(PAUSE_AFTER_QUEUE_ERROR);
                return;
            }
            // A batch received as the mapping stops is still invoked: gathering ends early, nothing is left unsettled.
            if (!batch.isEmpty()) {
                invoke(batch);
            }
        } finally {
            inFlightMessages.addAndGet(-gathered.get());
        }
    }

    private void invoke(List<Message> batch) {
        inFlightInvocations.incrementAndGet();
        received.addAndGet(batch.size());
        invocations.incrementAndGet();
        noteSentTimes(batch);
        try {
            ExecutionEnvironments.Environment<RequestHandler<SQSEvent, SQSBatchResponse>> environment;
            try {
                environment = environments.acquire().orElseThrow(() ->
                        new IllegalStateException("no execution environment free for a poller"));
            } catch (RuntimeException e) {
                // On Lambda an init error fails the invocation: the batch comes back after the visibility timeout.
                errored.incrementAndGet();
                notices.accept(environments.functionName() + " could not start (" + e + "); "
                        + batch.size() + " messages return after the visibility timeout");
                returnWhileStopping(batch);
                return;
            }
            boolean timedOutNow = false;
            // Completes when the handler has returned or thrown, even long after the invocation timed out.
            var ended = new CompletableFuture<Void>();
            RequestHandler<SQSEvent, SQSBatchResponse> handler = (event, context) -> {
                try {
                    return environment.handler().handleRequest(event, context);
                } finally {
                    ended.complete(null);
                }
            };
            try {
                var invocation = poller.invoke(batch, handler);
                timedOutNow = invocation.timedOut();
                record(invocation, batch);
            } finally {
                if (timedOutNow) {
                    environments.discard(environment, ended);
                } else {
                    environments.release(environment);
                }
            }
        } catch (SdkException e) {
            errored.incrementAndGet();
            notices.accept("could not settle a batch with SQS (" + e.getMessage() + "); "
                    + "its messages return after the visibility timeout");
        } finally {
            inFlightInvocations.decrementAndGet();
        }
    }

    private void record(BatchPoller.Invocation invocation, List<Message> batch) {
        deleted.addAndGet(invocation.deleted());
        failedItems.addAndGet(invocation.failedItems().size());
        if (!invocation.notDeleted().isEmpty()) {
            notices.accept("SQS did not delete " + invocation.notDeleted().size() + " messages "
                    + environments.functionName() + " handled " + invocation.notDeleted()
                    + "; they will be delivered again after the visibility timeout, as on Lambda");
        }
        if (invocation.error().isPresent()) {
            errored.incrementAndGet();
            var error = invocation.error().get();
            if (invocation.timedOut()) {
                timedOut.incrementAndGet();
                notices.accept(environments.functionName() + " timed out after "
                        + poller.settings().functionTimeout().toSeconds() + " s; its batch of " + batch.size()
                        + " returns after the visibility timeout, and the environment is replaced");
            } else {
                notices.accept(environments.functionName() + " failed (" + error + "); its batch of "
                        + batch.size() + " returns to the queue when its visibility runs out (the consumer"
                        + " shortens it to its backoff step when the database is down)");
            }
            returnWhileStopping(batch);
        } else if (!invocation.failedItems().isEmpty()) {
            var failedIds = new HashSet<>(invocation.failedItems());
            returnWhileStopping(batch.stream().filter(m -> failedIds.contains(m.messageId())).toList());
        }
    }

    /** While stopping, what would wait out its visibility timeout goes back to the queue now instead. */
    private void returnWhileStopping(List<Message> unsettled) {
        if (!running && !unsettled.isEmpty()) {
            returnToQueue(unsettled, "unsettled when the runtime stopped");
        }
    }

    private void returnToQueue(List<Message> messages, String why) {
        try {
            var waiting = poller.returnToQueue(messages);
            if (!waiting.isEmpty()) {
                notices.accept("SQS did not return " + waiting.size() + " of " + messages.size() + " messages " + why
                        + " at once " + waiting.stream().map(Message::messageId).toList()
                        + "; they return after the visibility timeout");
            }
        } catch (SdkException e) {
            notices.accept(messages.size() + " messages " + why + " could not be returned at once ("
                    + e.getMessage() + "); they return after the visibility timeout");
        }
    }

    /**
     * Stops receiving, waits for running invocations (each ends by the function's Timeout) and returns what
     * they did not settle to the queue; then closes the function's environments.
     */
    @Override
    public void close() {
        running = false;
        long deadline = System.nanoTime()
                + poller.settings().functionTimeout().plus(LONG_POLL).plus(STOP_MARGIN).toNanos();
        for (var thread : pollers) {
            try {
                long remaining = deadline - System.nanoTime();
                if (remaining > 0) {
                    thread.join(Duration.ofNanos(remaining));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        environments.close();
    }

    private static void pause(Duration duration) {
        try {
            TimeUnit.MILLISECONDS.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
