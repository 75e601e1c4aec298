package io.tourists.queue;

import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;

import static io.tourists.config.LogFields.entry;

/**
 * The queue the consumer's batches come from, to send messages back with a delay of our choosing:
 * ChangeMessageVisibility on each received message makes it visible again after that delay instead of after the
 * queue's visibility timeout.
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-visibility-timeout.html
 *
 * <p>The function is given the queue's URL ({@code WRITE_QUEUE_URL}) rather than looking it up from the event's
 * ARN: no GetQueueUrl permission, and no extra call during an outage. A receipt handle of another queue is
 * refused by SQS and reported as unchanged.
 */
public final class SourceQueue implements Redeliveries {

    private static final Logger LOG = LoggerFactory.getLogger(SourceQueue.class);

    private final Supplier<SqsClient> sqs;
    private final String queueUrl;

    public SourceQueue(SqsClient sqs, String queueUrl) {
        this(() -> sqs, queueUrl);
    }

    /** With the client asked for at the first batch sent back: only while the database is unavailable. */
    public SourceQueue(Supplier<SqsClient> sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    /**
     * Changes visibility (in whole seconds, as SQS counts them) in chunks of ten. Stops at the first chunk SQS
     * does not take as a whole (unreachable, no such queue, no permission): the next would fare the same, and
     * each try may wait as long as the client's call timeout.
     */
    @Override
    public Set<String> sendBack(List<SQSMessage> messages, Function<SQSMessage, Duration> delay) {
        var unchanged = new LinkedHashSet<String>();
        boolean stopped = false;
        for (int start = 0; start < messages.size(); start += SqsText.BATCH_ENTRIES) {
            var chunk = messages.subList(start, Math.min(start + SqsText.BATCH_ENTRIES, messages.size()));
            if (stopped) {
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
                var response = sqs.get().changeMessageVisibilityBatch(r -> r.queueUrl(queueUrl).entries(entries));
                response.failed().forEach(failed -> {
                    var messageId = chunk.get(Integer.parseInt(failed.id())).getMessageId();
                    LOG.warn("SQS refused to change a message's visibility", entry("messageId", messageId),
                            entry("code", failed.code()), entry("reason", failed.message()));
                    unchanged.add(messageId);
                });
            } catch (SdkException e) {
                stopped = true;
                LOG.warn("could not send messages back early; they return after the queue's visibility timeout",
                        entry("messages", messages.size() - start), e);
                chunk.forEach(m -> unchanged.add(m.getMessageId()));
            }
        }
        return unchanged;
    }

    private static int seconds(Duration delay) {
        long seconds = delay.toSeconds() + (delay.toNanosPart() > 0 ? 1 : 0);
        return (int) Math.max(0, Math.min(seconds, Duration.ofHours(12).toSeconds()));
    }
}
