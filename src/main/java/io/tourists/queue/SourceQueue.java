package io.tourists.queue;

import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

/**
 * The queue a batch came from, to send messages back with a delay of our choosing: ChangeMessageVisibility on
 * each received message makes it visible again after that delay instead of after the queue's visibility
 * timeout. Its URL is looked up once per event source ARN (GetQueueUrl), so the function needs no setting
 * for it, whichever queue its event source mapping reads.
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-visibility-timeout.html
 */
public final class SourceQueue {

    private static final Logger LOG = LoggerFactory.getLogger(SourceQueue.class);
    private static final int SQS_BATCH_LIMIT = 10;

    private final SqsClient sqs;
    private final Map<String, String> urlsByArn = new ConcurrentHashMap<>();

    public SourceQueue(SqsClient sqs) {
        this.sqs = sqs;
    }

    /**
     * Makes each message visible again {@code delay} after now (whole seconds, as SQS counts them).
     *
     * @return the message ids whose visibility could not be changed: they come back after the queue's own
     *         visibility timeout, which is later, so nothing is lost
     */
    public Set<String> showAgainAfter(List<SQSMessage> messages, Function<SQSMessage, Duration> delay) {
        var unchanged = new LinkedHashSet<String>();
        var byQueue = new LinkedHashMap<String, List<SQSMessage>>();
        messages.forEach(m -> byQueue.computeIfAbsent(m.getEventSourceArn(), arn -> new ArrayList<>()).add(m));
        for (var queue : byQueue.entrySet()) {
            try {
                var url = urlsByArn.computeIfAbsent(queue.getKey(), this::url);
                unchanged.addAll(change(url, queue.getValue(), delay));
            } catch (SdkException | IllegalArgumentException e) {
                LOG.warn("could not send messages back early; they return after the queue's visibility timeout",
                        entry("queueArn", queue.getKey()), entry("messages", queue.getValue().size()), e);
                queue.getValue().forEach(m -> unchanged.add(m.getMessageId()));
            }
        }
        return unchanged;
    }

    /** Changes in chunks of ten; stops at the first chunk that cannot reach SQS (it would not reach it now either). */
    private Set<String> change(String url, List<SQSMessage> messages, Function<SQSMessage, Duration> delay) {
        var unchanged = new LinkedHashSet<String>();
        boolean unreachable = false;
        for (int start = 0; start < messages.size(); start += SQS_BATCH_LIMIT) {
            var chunk = messages.subList(start, Math.min(start + SQS_BATCH_LIMIT, messages.size()));
            if (unreachable) {
                chunk.forEach(m -> unchanged.add(m.getMessageId()));
                continue;
            }
            var entries = new ArrayList<ChangeMessageVisibilityBatchRequestEntry>();
            for (int i = 0; i < chunk.size(); i++) {
                entries.add(ChangeMessageVisibilityBatchRequestEntry.builder()
                        .id(Integer.toString(i))
                        .receiptHandle(chunk.get(i).getReceiptHandle())
                        .visibilityTimeout(seconds(delay.apply(chunk.get(i))))
                        .build());
            }
            try {
                var response = sqs.changeMessageVisibilityBatch(r -> r.queueUrl(url).entries(entries));
                response.failed().forEach(failed -> {
                    var messageId = chunk.get(Integer.parseInt(failed.id())).getMessageId();
                    LOG.warn("SQS refused to change a message's visibility", entry("messageId", messageId),
                            entry("code", failed.code()), entry("reason", failed.message()));
                    unchanged.add(messageId);
                });
            } catch (SdkClientException e) {
                unreachable = true;
                LOG.warn("SQS could not be reached to send messages back early", e);
                chunk.forEach(m -> unchanged.add(m.getMessageId()));
            } catch (SdkException e) {
                LOG.warn("SQS refused to change the visibility of a chunk of messages", e);
                chunk.forEach(m -> unchanged.add(m.getMessageId()));
            }
        }
        return unchanged;
    }

    /** An SQS queue ARN is arn:PARTITION:sqs:REGION:ACCOUNT:NAME. */
    private String url(String arn) {
        var parts = arn == null ? new String[0] : arn.split(":", 6);
        if (parts.length != 6 || !parts[2].equals("sqs")) {
            throw new IllegalArgumentException("not an SQS queue ARN: " + arn);
        }
        return sqs.getQueueUrl(r -> r.queueName(parts[5]).queueOwnerAWSAccountId(parts[4])).queueUrl();
    }

    private static int seconds(Duration delay) {
        long seconds = delay.toSeconds() + (delay.toNanosPart() > 0 ? 1 : 0);
        return (int) Math.max(0, Math.min(seconds, Duration.ofHours(12).toSeconds()));
    }
}
