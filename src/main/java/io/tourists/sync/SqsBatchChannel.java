package io.tourists.sync;

import io.tourists.queue.MessageAttributes;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * SendMessageBatch on the write queue, with the attributes every publisher sets (schema/README.md): {@code type} (an upsert or a delete)
 * and {@code correlationId}. On a FIFO queue the tourist is the message group and the writeId the deduplication
 * id, as the write API sends them.
 */
public final class SqsBatchChannel implements BatchChannel {

    private final SqsClient sqs;
    private final String queueUrl;
    private final boolean fifo;
    private final String correlationPrefix;

    /** @param correlationPrefix each message's correlationId is this prefix and the entry's id (its line) */
    public SqsBatchChannel(SqsClient sqs, String queueUrl, String correlationPrefix) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.fifo = queueUrl.endsWith(".fifo");
        this.correlationPrefix = correlationPrefix;
    }

    @Override
    public Result send(List<Entry> entries) {
        var requestEntries = entries.stream().map(this::entry).toList();
        try {
            var response = sqs.sendMessageBatch(r -> r.queueUrl(queueUrl).entries(requestEntries));
            if (response.failed().isEmpty()) {
                return Result.allStored();
            }
            var retry = new HashSet<String>();
            Map<String, String> refused = new HashMap<>();
            // https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_BatchResultErrorEntry.html
            response.failed().forEach(failed -> {
                if (Boolean.TRUE.equals(failed.senderFault())) {
                    refused.put(failed.id(), failed.code() + (failed.message() == null ? "" : ": " + failed.message()));
                } else {
                    retry.add(failed.id());
                }
            });
            return new Result(retry, refused);
        } catch (SdkException e) {
            throw new BatchFailedException("SendMessageBatch failed: " + e.getMessage(), e);
        }
    }

    private SendMessageBatchRequestEntry entry(Entry entry) {
        var builder = SendMessageBatchRequestEntry.builder()
                .id(entry.id())
                .messageBody(entry.body())
                .messageAttributes(Map.of(
                        MessageAttributes.TYPE, text(entry.type()),
                        MessageAttributes.CORRELATION_ID, text(correlationPrefix + entry.id())));
        if (fifo) {
            builder.messageGroupId(entry.touristId()).messageDeduplicationId(entry.writeId());
        }
        return builder.build();
    }

    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }
}
