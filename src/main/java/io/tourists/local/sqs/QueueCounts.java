package io.tourists.local.sqs;

import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Messages a poller can receive now ({@code visible}), and those hidden: in an invocation or waiting out a
 * visibility timeout ({@code invisible}). Read with GetQueueAttributes, never by receiving.
 */
public record QueueCounts(long visible, long invisible) {

    public long total() {
        return visible + invisible;
    }

    /** The queue's approximate counts; empty while SQS does not answer. */
    public static Optional<QueueCounts> of(SqsClient sqs, QueueRef queue) {
        try {
            var attributes = sqs.getQueueAttributes(r -> r.queueUrl(queue.url()).attributeNames(
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
            return Optional.of(new QueueCounts(
                    Long.parseLong(attributes.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "0")),
                    Long.parseLong(attributes.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "0"))));
        } catch (SdkException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
