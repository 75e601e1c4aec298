package io.tourists.local.sqs;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.tourists.local.lambda.LambdaEvents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * One receive-invoke-settle cycle of Lambda's SQS event source mapping, against a real SQS endpoint: receive
 * a batch, invoke the function with the SQS event AWS would send, delete the messages that succeeded.
 * Failed items and every message of an invocation that threw or timed out are left alone: they come back
 * after the visibility timeout, and the queue's redrive policy moves them to the DLQ after maxReceiveCount.
 * https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html
 *
 * <p>SQS answers a batch call entry by entry. An entry it failed on its side (not SenderFault) is sent again, up
 * to {@value #ENTRY_ATTEMPTS} tries in all; one it refused, or kept failing, is reported: a message whose delete
 * did not happen is not counted as deleted, and comes back after its visibility timeout, as on Lambda
 * (https://repost.aws/knowledge-center/lambda-function-process-sqs-messages: "The Lambda service fails to delete
 * a message ... before the visibility timeout expires" is one cause of a second delivery).
 *
 * <p>Thread-safe: the {@link EventSourceMapping}'s pollers share one, each running its own receive and invoke.
 */
public final class BatchPoller {

    private static final int SQS_BATCH_LIMIT = 10;
    /** Tries of a batch entry that SQS failed on its side (InternalError, ServiceUnavailable), the first included. */
    static final int ENTRY_ATTEMPTS = 3;
    private static final Duration ENTRY_RETRY_PAUSE = Duration.ofMillis(100);
    /** Inside a batching window shorter than SQS's one-second long-poll unit, look again this often. */
    private static final Duration SHORT_WINDOW_PAUSE = Duration.ofMillis(50);

    /**
     * @param batchSize               the most messages per invocation (BatchSize)
     * @param batchingWindow          how long to keep gathering a batch (MaximumBatchingWindowInSeconds)
     * @param functionTimeout         the function's Timeout: past it, the invocation counts as failed
     * @param reportBatchItemFailures FunctionResponseTypes has ReportBatchItemFailures; without it Lambda
     *                                ignores what the function returns and deletes the whole batch
     */
    public record Settings(int batchSize, Duration batchingWindow, Duration functionTimeout,
                           boolean reportBatchItemFailures) {

        public Settings(int batchSize, Duration batchingWindow, Duration functionTimeout) {
            this(batchSize, batchingWindow, functionTimeout, true);
        }
    }

    /**
     * What one poll did. {@code error} is set when the invocation threw, timed out or answered nonsense.
     * {@code notDeleted}: the ids of messages that succeeded but whose delete SQS refused or kept failing; they
     * are not in {@code deleted}, and come back after their visibility timeout.
     */
    public record Invocation(int received, int deleted, List<String> failedItems, Optional<Throwable> error,
                             List<String> notDeleted) {

        public Invocation {
            failedItems = List.copyOf(failedItems);
            notDeleted = List.copyOf(notDeleted);
        }

        Invocation(int received, Optional<Throwable> error) {
            this(received, 0, List.of(), error, List.of());
        }

        /** The function ran past its Timeout: Lambda would have stopped its execution environment. */
        public boolean timedOut() {
            return error.filter(TimeoutException.class::isInstance).isPresent();
        }
    }

    /** A partial batch response Lambda cannot use: it fails the whole batch. */
    public static final class InvalidBatchResponseException extends RuntimeException {
        InvalidBatchResponseException(String message) {
            super(message);
        }
    }

    private final SqsClient sqs;
    private final String queueUrl;
    private final String queueArn;
    private final String region;
    private final Settings settings;
    private final RequestHandler<SQSEvent, SQSBatchResponse> function;
    private final Supplier<Context> contexts;

    public BatchPoller(SqsClient sqs, String queueUrl, String queueArn, String region, Settings settings,
                              RequestHandler<SQSEvent, SQSBatchResponse> function, Supplier<Context> contexts) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.queueArn = queueArn;
        this.region = region;
        this.settings = settings;
        this.function = function;
        this.contexts = contexts;
    }

    /** A poller whose callers pass the function to each {@link #invoke}: one per execution environment. */
    public BatchPoller(SqsClient sqs, String queueUrl, String queueArn, String region, Settings settings,
                              Supplier<Context> contexts) {
        this(sqs, queueUrl, queueArn, region, settings, null, contexts);
    }

    public Settings settings() {
        return settings;
    }

    /** Receives one batch (waiting up to {@code wait} for the first message) and invokes the function. */
    public Invocation pollOnce(Duration wait) {
        var batch = receive(wait, () -> true);
        if (batch.isEmpty()) {
            return new Invocation(0, Optional.empty());
        }
        return invoke(batch, Objects.requireNonNull(function, "this poller was built without a function"));
    }

    /**
     * Gathers up to batchSize messages: long-polls up to {@code wait} for the first, then keeps receiving until
     * the batch is full or the batching window has passed since the first arrived. Stops gathering early, with
     * what it has, once {@code keepGathering} says so (the runtime is shutting down).
     */
    public List<Message> receive(Duration wait, BooleanSupplier keepGathering) {
        return receive(wait, keepGathering, count -> { });
    }

    /** As {@link #receive(Duration, BooleanSupplier)}, telling {@code onReceived} of each lot of messages as it arrives. */
    public List<Message> receive(Duration wait, BooleanSupplier keepGathering, IntConsumer onReceived) {
        var batch = new ArrayList<Message>();
        long windowEnd = Long.MAX_VALUE;
        while (batch.size() < settings.batchSize()) {
            long remainingNanos = windowEnd - System.nanoTime();
            if (!batch.isEmpty() && (remainingNanos <= 0 || !keepGathering.getAsBoolean())) {
                break;
            }
            int want = Math.min(SQS_BATCH_LIMIT, settings.batchSize() - batch.size());
            int waitSeconds = batch.isEmpty() ? (int) Math.min(20, wait.toSeconds())
                    : remainingNanos >= 1_000_000_000L ? 1 : 0;
            var received = sqs.receiveMessage(r -> r.queueUrl(queueUrl)
                    .maxNumberOfMessages(want)
                    .waitTimeSeconds(waitSeconds)
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                    .messageAttributeNames("All")).messages();
            if (batch.isEmpty() && received.isEmpty()) {
                break;
            }
            if (batch.isEmpty()) {
                windowEnd = System.nanoTime() + settings.batchingWindow().toNanos();
            }
            batch.addAll(received);
            if (!received.isEmpty()) {
                onReceived.accept(received.size());
            }
            if (received.isEmpty() && waitSeconds == 0) {
                pause(Math.min(SHORT_WINDOW_PAUSE.toNanos(), Math.max(0, windowEnd - System.nanoTime())));
            }
        }
        return batch;
    }

    /**
     * Invokes the function with the batch, within its Timeout, and settles the batch as Lambda does: deletes
     * what succeeded and leaves the rest to come back after the visibility timeout.
     */
    public Invocation invoke(List<Message> batch, RequestHandler<SQSEvent, SQSBatchResponse> handler) {
        var event = LambdaEvents.sqsEvent(batch, queueArn, region);
        SQSBatchResponse response;
        try {
            response = call(handler, event);
        } catch (ExecutionException e) {
            return new Invocation(batch.size(), Optional.of(e.getCause()));
        } catch (TimeoutException e) {
            return new Invocation(batch.size(), Optional.of(e));
        }
        List<String> failed;
        try {
            failed = settings.reportBatchItemFailures() ? failedItems(response, batch) : List.of();
        } catch (InvalidBatchResponseException e) {
            return new Invocation(batch.size(), Optional.of(e));
        }
        var failedSet = new HashSet<>(failed);
        var succeeded = batch.stream().filter(m -> !failedSet.contains(m.messageId())).toList();
        var notDeleted = settle(succeeded, chunk -> sqs.deleteMessageBatch(r -> r.queueUrl(queueUrl)
                .entries(IntStream.range(0, chunk.size()).mapToObj(i -> DeleteMessageBatchRequestEntry.builder()
                        .id(Integer.toString(i)).receiptHandle(chunk.get(i).receiptHandle()).build()).toList()))
                .failed());
        return new Invocation(batch.size(), succeeded.size() - notDeleted.size(), failed, Optional.empty(),
                notDeleted.stream().map(Message::messageId).toList());
    }

    /**
     * Makes messages visible again at once (ChangeMessageVisibility 0): for a batch nobody will settle.
     *
     * @return the messages SQS refused or kept failing to make visible: they wait out their visibility timeout
     */
    public List<Message> returnToQueue(List<Message> messages) {
        return settle(messages, chunk -> sqs.changeMessageVisibilityBatch(r -> r.queueUrl(queueUrl)
                .entries(IntStream.range(0, chunk.size()).mapToObj(i -> ChangeMessageVisibilityBatchRequestEntry.builder()
                        .id(Integer.toString(i)).receiptHandle(chunk.get(i).receiptHandle()).visibilityTimeout(0)
                        .build()).toList()))
                .failed());
    }

    /**
     * Runs a batch call over the messages, ten at a time (entry id = index in the chunk), sending again the entries
     * SQS failed on its side, up to {@link #ENTRY_ATTEMPTS} tries.
     *
     * @return the messages whose entries SQS refused (SenderFault) or failed on every try
     */
    private static List<Message> settle(List<Message> messages, Function<List<Message>, List<BatchResultErrorEntry>> call) {
        var unsettled = new ArrayList<Message>();
        for (int start = 0; start < messages.size(); start += SQS_BATCH_LIMIT) {
            var pending = messages.subList(start, Math.min(start + SQS_BATCH_LIMIT, messages.size()));
            for (int attempt = 1; !pending.isEmpty(); attempt++) {
                var retry = new ArrayList<Message>();
                for (var failure : call.apply(pending)) {
                    var message = pending.get(Integer.parseInt(failure.id()));
                    (Boolean.TRUE.equals(failure.senderFault()) || attempt == ENTRY_ATTEMPTS ? unsettled : retry).add(message);
                }
                if (!retry.isEmpty()) {
                    pause(ENTRY_RETRY_PAUSE.toNanos() * attempt);
                }
                pending = retry;
            }
        }
        return unsettled;
    }

    private SQSBatchResponse call(RequestHandler<SQSEvent, SQSBatchResponse> handler, SQSEvent event)
            throws ExecutionException, TimeoutException {
        var executor = Executors.newVirtualThreadPerTaskExecutor();
        try {
            var future = executor.submit(() -> handler.handleRequest(event, contexts.get()));
            return future.get(settings.functionTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExecutionException(e);
        } finally {
            executor.shutdownNow();
        }
    }

    /**
     * The ids of the failed messages. Lambda treats a null or empty response as full success, and an item
     * identifier that is null, empty or not in the batch as a failure of the whole batch.
     */
    private static List<String> failedItems(SQSBatchResponse response, List<Message> batch) {
        if (response == null || response.getBatchItemFailures() == null) {
            return List.of();
        }
        var ids = batch.stream().map(Message::messageId).collect(Collectors.toSet());
        var failed = new ArrayList<String>();
        for (var failure : response.getBatchItemFailures()) {
            var id = failure == null ? null : failure.getItemIdentifier();
            if (id == null || id.isEmpty() || !ids.contains(id)) {
                throw new InvalidBatchResponseException("batchItemFailures names '" + id + "', not a message of the batch");
            }
            failed.add(id);
        }
        return failed;
    }

    private static void pause(long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
