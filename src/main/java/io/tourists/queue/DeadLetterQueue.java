package io.tourists.queue;

import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

import static io.tourists.config.LogFields.entry;

/**
 * Parks messages that can never be applied on the dead-letter queue, with the reason attached, so they
 * are not retried pointlessly until maxReceiveCount. The original body and message attributes go with
 * them, so an operator's redrive (StartMessageMoveTask) puts back exactly what the publisher sent.
 */
public final class DeadLetterQueue implements DeadLetters {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterQueue.class);
    private static final int DETAIL_MAX_LENGTH = 1_000;
    /** The detail of a message SQS refused with the full one: ours may be what made it too long. */
    private static final int LEAN_DETAIL_LENGTH = 100;

    private final Supplier<SqsClient> sqs;
    private final String queueUrl;
    private final boolean fifo;
    private final Clock clock;

    public DeadLetterQueue(SqsClient sqs, String queueUrl, Clock clock) {
        this(() -> sqs, queueUrl, clock);
    }

    /** With the client asked for at the first message parked: most environments never park one. */
    public DeadLetterQueue(Supplier<SqsClient> sqs, String queueUrl, Clock clock) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.fifo = queueUrl.endsWith(".fifo");
        this.clock = clock;
    }

    /**
     * Parks the refused messages, as many per SendMessageBatch call as SQS takes (ten, and 256 KiB together).
     * A call SQS refuses as a whole (too long together, a character it does not take) is tried again one
     * message at a time; a message refused alone is tried once more with its detail cut short. When the
     * dead-letter queue cannot be reached, or does not exist, or refuses us, the rest is not even tried: each
     * try would wait as long, and the invocation would run out of time.
     */
    @Override
    public Set<String> park(List<Refusal> refusals) {
        var entries = new ArrayList<Entry>();
        for (int i = 0; i < refusals.size(); i++) {
            entries.add(toEntry(Integer.toString(i), refusals.get(i), DETAIL_MAX_LENGTH));
        }
        var sending = new Sending();
        for (var chunk : SqsText.batches(entries, Entry::bytes)) {
            if (chunk.size() == 1) {
                sendAlone(chunk.getFirst(), sending);
            } else {
                sendTogether(chunk, sending);
            }
        }
        return sending.notParked;
    }

    /** What one {@link #park} call found out so far. */
    private static final class Sending {
        final Set<String> notParked = new LinkedHashSet<>();
        boolean stopped;

        void notParked(Entry entry) {
            notParked.add(entry.refusal().message().getMessageId());
        }
    }

    /** A message to park, as SQS will receive it, and its size as SQS counts it. */
    private record Entry(Refusal refusal, SendMessageBatchRequestEntry request, int bytes) {}

    private void sendTogether(List<Entry> chunk, Sending sending) {
        if (sending.stopped) {
            chunk.forEach(sending::notParked);
            return;
        }
        var byId = new LinkedHashMap<String, Entry>();
        chunk.forEach(entry -> byId.put(entry.request().id(), entry));
        try {
            var response = sqs.get().sendMessageBatch(b -> b.queueUrl(queueUrl)
                    .entries(chunk.stream().map(Entry::request).toList()));
            var unanswered = new LinkedHashMap<>(byId);
            response.successful().forEach(sent -> unanswered.remove(sent.id()));
            response.failed().forEach(failed -> unanswered.remove(failed.id()));
            // An entry SQS named neither sent nor failed was not confirmed: it is not parked, it comes back.
            unanswered.values().forEach(sending::notParked);
            for (var failed : response.failed()) {
                var entry = byId.get(failed.id());
                LOG.warn("the dead-letter queue refused a message of a batch; trying it alone",
                        entry("messageId", entry.refusal().message().getMessageId()),
                        entry("code", failed.code()), entry("reason", failed.message()));
                sendAlone(entry, sending);
            }
        } catch (SdkException e) {
            if (stops(e)) {
                stop(sending, e, chunk.size());
                chunk.forEach(sending::notParked);
                return;
            }
            LOG.warn("the dead-letter queue refused a batch as a whole; sending its messages one by one",
                    entry("messages", chunk.size()), e);
            chunk.forEach(entry -> sendAlone(entry, sending));
        }
    }

    /**
     * Sends one message; if SQS refuses it, tries once more with the detail cut short (ours is what we add).
     * Once the dead-letter queue is known to be unable to take anything, sends nothing.
     */
    private void sendAlone(Entry entry, Sending sending) {
        if (sending.stopped) {
            sending.notParked(entry);
            return;
        }
        var attempt = entry;
        for (int tries = 0; tries < 2; tries++) {
            var request = attempt.request();
            try {
                sqs.get().sendMessage(b -> b.queueUrl(queueUrl).messageBody(request.messageBody())
                        .messageAttributes(request.messageAttributes())
                        .messageGroupId(request.messageGroupId())
                        .messageDeduplicationId(request.messageDeduplicationId()));
                return;
            } catch (SdkException e) {
                if (stops(e)) {
                    stop(sending, e, 1);
                    break;
                }
                LOG.warn("the dead-letter queue refused a message", entry("messageId",
                        entry.refusal().message().getMessageId()), entry("reason", e.getMessage()));
                attempt = toEntry(request.id(), entry.refusal(), LEAN_DETAIL_LENGTH);
            }
        }
        sending.notParked(entry);
    }

    /**
     * Errors that say the dead-letter queue cannot take anything now, whatever we send: no answer (unreachable,
     * timed out), no such queue, no permission, or SQS failing or throttling after the SDK's own retries.
     */
    private static boolean stops(SdkException e) {
        if (e instanceof SdkClientException || e instanceof QueueDoesNotExistException) {
            return true;
        }
        if (e instanceof AwsServiceException service) {
            int status = service.statusCode();
            return status == 403 || status == 404 || status >= 500 || service.isThrottlingException();
        }
        return true;
    }

    private static void stop(Sending sending, SdkException e, int messages) {
        if (!sending.stopped) {
            LOG.warn("the dead-letter queue cannot take messages now; the refused messages stay on the write queue",
                    entry("messages", messages), e);
        }
        sending.stopped = true;
    }

    private Entry toEntry(String id, Refusal refusal, int detailLength) {
        var message = refusal.message();
        var attributes = new LinkedHashMap<String, MessageAttributeValue>();
        attributes.put(MessageAttributes.FAILURE_REASON, SqsWriteQueue.text(SqsText.clean(refusal.reason())));
        attributes.put(MessageAttributes.FAILURE_DETAIL,
                SqsWriteQueue.text(truncate(SqsText.clean(refusal.detail()), detailLength)));
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
        return new Entry(refusal, entry.build(), SqsText.size(message.getBody(), attributes));
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
    private static String truncate(String detail, int maxLength) {
        if (detail.length() <= maxLength) {
            return detail;
        }
        int end = detail.offsetByCodePoints(0, detail.codePointCount(0, maxLength - 1));
        return detail.substring(0, end) + "…";
    }
}
