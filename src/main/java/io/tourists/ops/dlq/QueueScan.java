package io.tourists.ops.dlq;

import io.tourists.ops.sqs.SqsQueue;
import io.tourists.ops.sqs.SqsSession;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Reads messages off a queue without consuming them. SQS has no "peek": a message can only be read by
 * receiving it, which hides it for a visibility timeout and adds one to its receive count. So a scan
 *
 * <ul>
 *   <li>receives with a visibility timeout long enough that the same message is not handed out twice during
 *       the scan (a timeout of 0 would let a long scan see the same messages over and over),</li>
 *   <li>stops at {@code max} messages, at the first receive that brings nothing new, or when half the visibility
 *       timeout has passed (after that, the first messages could come round again),</li>
 *   <li>never deletes, and at the end makes every message it received visible again at once.</li>
 * </ul>
 *
 * While the scan runs, the messages it has read are invisible to everyone else. That is harmless on a
 * dead-letter queue, which nothing consumes; a scan of the write queue would delay the consumer and push
 * messages toward maxReceiveCount, so no command scans the write queue.
 */
final class QueueScan {

    static final int SQS_BATCH_LIMIT = 10;

    private final SqsSession session;
    private final String queueUrl;

    QueueScan(SqsSession session, String queueUrl) {
        this.session = session;
        this.queueUrl = queueUrl;
    }

    /** The messages read, oldest receipt first, each once. */
    List<Message> scan(int max, Duration visibility) {
        var messages = new LinkedHashMap<String, Message>();
        long deadline = System.nanoTime() + visibility.toNanos() / 2;
        try {
            while (messages.size() < max && System.nanoTime() < deadline) {
                int want = Math.min(SQS_BATCH_LIMIT, max - messages.size());
                var received = session.call("receiving from " + SqsQueue.nameOf(queueUrl),
                        () -> session.sqs().receiveMessage(r -> r.queueUrl(queueUrl)
                                .maxNumberOfMessages(want)
                                .visibilityTimeout((int) visibility.toSeconds())
                                // Long polling asks every SQS server, so an empty answer means empty.
                                .waitTimeSeconds(1)
                                .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                                .messageAttributeNames("All")).messages());
                int fresh = 0;
                for (var message : received) {
                    // A message seen again comes with a new receipt handle: keep the latest, it is the valid one.
                    if (messages.put(message.messageId(), message) == null) {
                        fresh++;
                    }
                }
                if (fresh == 0) {
                    break;
                }
            }
        } finally {
            makeVisible(messages);
        }
        return List.copyOf(messages.values());
    }

    /**
     * Best effort: a message that cannot be made visible now (moved by a redrive meanwhile, or the call
     * fails) becomes visible by itself when its visibility timeout ends.
     */
    private void makeVisible(Map<String, Message> messages) {
        var all = new ArrayList<>(messages.values());
        for (int start = 0; start < all.size(); start += SQS_BATCH_LIMIT) {
            var chunk = all.subList(start, Math.min(start + SQS_BATCH_LIMIT, all.size()));
            var entries = new ArrayList<ChangeMessageVisibilityBatchRequestEntry>();
            for (int i = 0; i < chunk.size(); i++) {
                entries.add(ChangeMessageVisibilityBatchRequestEntry.builder()
                        .id(Integer.toString(i))
                        .receiptHandle(chunk.get(i).receiptHandle())
                        .visibilityTimeout(0)
                        .build());
            }
            try {
                session.sqs().changeMessageVisibilityBatch(r -> r.queueUrl(queueUrl).entries(entries));
            } catch (SdkException e) {
                // This chunk reappears when its visibility timeout ends; the others may still be released now.
                continue;
            }
        }
    }
}
