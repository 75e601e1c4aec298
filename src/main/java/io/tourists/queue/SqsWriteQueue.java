package io.tourists.queue;

import io.tourists.domain.TouristWrite;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * Sends writes to an SQS queue, standard or FIFO. On a FIFO queue the tourist is the message group, so
 * writes to one tourist stay in order and different tourists are consumed in parallel; the writeId is the
 * deduplication id, so a retried send inside SQS's five-minute window is stored once.
 */
public final class SqsWriteQueue implements WriteQueue {

    private final SqsClient sqs;
    private final String queueUrl;
    private final boolean fifo;

    public SqsWriteQueue(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.fifo = queueUrl.endsWith(".fifo");
    }

    @Override
    public void send(TouristWrite write, String correlationId) {
        var request = SendMessageRequest.builder()
                .queueUrl(queueUrl)
                .messageBody(WriteEnvelope.encode(write))
                .messageAttributes(Map.of(
                        MessageAttributes.TYPE, text(WriteEnvelope.typeOf(write)),
                        MessageAttributes.CORRELATION_ID, text(correlationId)));
        if (fifo) {
            request.messageGroupId(write.touristId().toString())
                    .messageDeduplicationId(write.writeId().toString());
        }
        try {
            sqs.sendMessage(request.build());
        } catch (SdkException e) {
            throw new QueueUnavailableException("the write queue did not take the message", e);
        }
    }

    static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }
}
