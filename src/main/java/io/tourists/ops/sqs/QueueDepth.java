package io.tourists.ops.sqs;

import java.util.List;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * A queue's approximate counts, as SQS keeps them: visible (waiting to be received), in flight (received and
 * not yet deleted or returned) and delayed.
 */
public record QueueDepth(long visible, long inFlight, long delayed) {

    private static final List<QueueAttributeName> COUNTS = List.of(
            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED);

    public static QueueDepth of(SqsSession connection, SqsQueue queue) {
        var attributes = connection.call("reading the depth of " + queue.name(), () -> connection.sqs()
                .getQueueAttributes(r -> r.queueUrl(queue.url()).attributeNames(COUNTS)).attributes());
        return new QueueDepth(
                count(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)),
                count(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)),
                count(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)));
    }

    public long total() {
        return visible + inFlight + delayed;
    }

    private static long count(String value) {
        return value == null ? 0 : Long.parseLong(value.strip());
    }
}
