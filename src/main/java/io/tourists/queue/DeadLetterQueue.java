package io.tourists.queue;

import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

/**
 * Parks messages that can never be applied on the dead-letter queue, with the reason attached, so they
 * are not retried pointlessly until maxReceiveCount. The original body and message attributes go with
 * them, so an operator's redrive (StartMessageMoveTask) puts back exactly what the publisher sent.
 */
public final class DeadLetterQueue implements DeadLetters {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterQueue.class);
    private static final int SQS_BATCH_LIMIT = 10;
    private static final int DETAIL_MAX_LENGTH = 1_000;

    private final SqsClient sqs;
    private final String queueUrl;
    private final boolean fifo;
    private final Clock clock;

    public DeadLetterQueue(SqsClient sqs, String queueUrl, Clock clock) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.fifo = queueUrl.endsWith(".fifo");
        this.clock = clock;
    }

    /** Parks the refused messages, ten per SendMessageBatch call. */
    @Override
    public Set<String> park(List<Refusal> refusals) {
        var notParked = new HashSet<String>();
        for (int start = 0; start < refusals.size(); start += SQS_BATCH_LIMIT) {
            var chunk = refusals.subList(start, Math.min(start + SQS_BATCH_LIMIT, refusals.size()));
            var entries = new ArrayList<SendMessageBatchRequestEntry>();
            for (int i = 0; i < chunk.size(); i++) {
                entries.add(batchEntry(Integer.toString(i), chunk.get(i)));
            }
            try {
                var response = sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
                response.failed().forEach(failed -> {
                    var messageId = chunk.get(Integer.parseInt(failed.id())).message().getMessageId();
                    LOG.warn("the dead-letter queue refused a message", entry("messageId", messageId),
                            entry("code", failed.code()), entry("reason", failed.message()));
                    notParked.add(messageId);
                });
            } catch (SdkException e) {
                LOG.warn("the dead-letter queue could not be reached", entry("messages", chunk.size()), e);
                chunk.forEach(refusal -> notParked.add(refusal.message().getMessageId()));
            }
        }
        return notParked;
    }

    private SendMessageBatchRequestEntry batchEntry(String id, Refusal refusal) {
        var message = refusal.message();
        var attributes = new LinkedHashMap<String, MessageAttributeValue>();
        attributes.put(MessageAttributes.FAILURE_REASON, SqsWriteQueue.text(refusal.reason()));
        attributes.put(MessageAttributes.FAILURE_DETAIL, SqsWriteQueue.text(truncate(refusal.detail())));
        attributes.put(MessageAttributes.FAILED_AT, SqsWriteQueue.text(clock.instant().toString()));
        attributes.put(MessageAttributes.SOURCE_MESSAGE_ID, SqsWriteQueue.text(message.getMessageId()));
        systemAttribute(message, "ApproximateReceiveCount").ifPresent(count ->
                attributes.put(MessageAttributes.SOURCE_RECEIVE_COUNT, SqsWriteQueue.text(count)));
        systemAttribute(message, "ApproximateFirstReceiveTimestamp").ifPresent(millis ->
                attributes.put(MessageAttributes.SOURCE_FIRST_SEEN,
                        SqsWriteQueue.text(Instant.ofEpochMilli(Long.parseLong(millis)).toString())));
        copyOriginalAttributes(message, attributes);
        var entry = SendMessageBatchRequestEntry.builder()
                .id(id)
                .messageBody(message.getBody())
                .messageAttributes(attributes);
        if (fifo) {
            entry.messageGroupId(systemAttribute(message, "MessageGroupId").orElse(message.getMessageId()))
                    .messageDeduplicationId(message.getMessageId());
        }
        return entry.build();
    }

    /** The publisher's own attributes, as many as SQS's limit of ten leaves room for; ours come first. */
    private static void copyOriginalAttributes(SQSMessage message, Map<String, MessageAttributeValue> attributes) {
        if (message.getMessageAttributes() == null) {
            return;
        }
        for (var original : message.getMessageAttributes().entrySet()) {
            if (attributes.size() >= MessageAttributes.MAX_PER_MESSAGE) {
                return;
            }
            var value = original.getValue();
            var copy = MessageAttributeValue.builder().dataType(value.getDataType());
            if (value.getBinaryValue() != null) {
                copy.binaryValue(SdkBytes.fromByteBuffer(value.getBinaryValue().duplicate()));
            } else {
                copy.stringValue(value.getStringValue());
            }
            attributes.putIfAbsent(original.getKey(), copy.build());
        }
    }

    private static Optional<String> systemAttribute(SQSMessage message, String name) {
        return Optional.ofNullable(message.getAttributes()).map(attributes -> attributes.get(name));
    }

    /** Cut on a code point boundary: half a surrogate pair is not a character SQS accepts. */
    private static String truncate(String detail) {
        if (detail.length() <= DETAIL_MAX_LENGTH) {
            return detail;
        }
        int end = detail.offsetByCodePoints(0, detail.codePointCount(0, DETAIL_MAX_LENGTH - 1));
        return detail.substring(0, end) + "…";
    }
}
