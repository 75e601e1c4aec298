package io.tourists.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * What Lambda's SQS event source mapping does for one invocation, against a real SQS endpoint: receive
 * a batch, invoke the function with the SQS event AWS would send, delete the messages that succeeded.
 * Failed items and every message of an invocation that threw or timed out are left alone: they come back
 * after the visibility timeout, and the queue's redrive policy moves them to the DLQ after maxReceiveCount.
 */
public final class EventSourceMapping {

    private static final int SQS_RECEIVE_LIMIT = 10;

    /**
     * @param batchSize       the most messages per invocation (BatchSize)
     * @param batchingWindow  how long to keep gathering a batch (MaximumBatchingWindowInSeconds)
     * @param functionTimeout the function's Timeout: past it, the invocation counts as failed
     */
    public record Settings(int batchSize, Duration batchingWindow, Duration functionTimeout) {}

    /** What one poll did. {@code error} is set when the invocation threw or timed out. */
    public record Invocation(int received, int deleted, List<String> failedItems, Optional<Throwable> error) {}

    private final SqsClient sqs;
    private final String queueUrl;
    private final String queueArn;
    private final String region;
    private final Settings settings;
    private final RequestHandler<SQSEvent, SQSBatchResponse> function;
    private final Supplier<Context> contexts;

    public EventSourceMapping(SqsClient sqs, String queueUrl, String queueArn, String region, Settings settings,
                              RequestHandler<SQSEvent, SQSBatchResponse> function, Supplier<Context> contexts) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.queueArn = queueArn;
        this.region = region;
        this.settings = settings;
        this.function = function;
        this.contexts = contexts;
    }

    /** Receives one batch (waiting up to {@code wait} for the first message) and invokes the function. */
    public Invocation pollOnce(Duration wait) {
        var batch = receive(wait);
        if (batch.isEmpty()) {
            return new Invocation(0, 0, List.of(), Optional.empty());
        }
        var event = LambdaEvents.sqsEvent(batch, queueArn, region);
        SQSBatchResponse response;
        try {
            response = invoke(event);
        } catch (ExecutionException e) {
            return new Invocation(batch.size(), 0, List.of(), Optional.of(e.getCause()));
        } catch (TimeoutException e) {
            return new Invocation(batch.size(), 0, List.of(), Optional.of(e));
        }
        var failed = response == null || response.getBatchItemFailures() == null ? List.<String>of()
                : response.getBatchItemFailures().stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .toList();
        var failedSet = new HashSet<>(failed);
        var succeeded = batch.stream().filter(m -> !failedSet.contains(m.messageId())).toList();
        delete(succeeded);
        return new Invocation(batch.size(), succeeded.size(), failed, Optional.empty());
    }

    private SQSBatchResponse invoke(SQSEvent event) throws ExecutionException, TimeoutException {
        var executor = Executors.newVirtualThreadPerTaskExecutor();
        try {
            var future = executor.submit(() -> function.handleRequest(event, contexts.get()));
            return future.get(settings.functionTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExecutionException(e);
        } finally {
            executor.shutdownNow();
        }
    }

    /**
     * Gathers up to batchSize messages: long-polls for the first, then keeps receiving until the batch is
     * full or the batching window has passed since the first arrived.
     */
    private List<Message> receive(Duration wait) {
        var batch = new ArrayList<Message>();
        long windowEnd = Long.MAX_VALUE;
        while (batch.size() < settings.batchSize()) {
            long remainingNanos = windowEnd - System.nanoTime();
            if (!batch.isEmpty() && remainingNanos <= 0) {
                break;
            }
            int want = Math.min(SQS_RECEIVE_LIMIT, settings.batchSize() - batch.size());
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
        }
        return batch;
    }

    private void delete(List<Message> messages) {
        for (int start = 0; start < messages.size(); start += SQS_RECEIVE_LIMIT) {
            var chunk = messages.subList(start, Math.min(start + SQS_RECEIVE_LIMIT, messages.size()));
            var entries = new ArrayList<DeleteMessageBatchRequestEntry>();
            for (int i = 0; i < chunk.size(); i++) {
                entries.add(DeleteMessageBatchRequestEntry.builder()
                        .id(Integer.toString(i)).receiptHandle(chunk.get(i).receiptHandle()).build());
            }
            sqs.deleteMessageBatch(r -> r.queueUrl(queueUrl).entries(entries));
        }
    }
}
