package io.tourists.queue;

import io.tourists.domain.TouristWrite;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * Sends writes to an SQS queue, standard or FIFO. On a FIFO queue the tourist is the message group, so
 * writes to one tourist stay in order and different tourists are consumed in parallel; the writeId is the
 * deduplication id, so a retried send inside SQS's five-minute window is stored once.
 *
 * <p>A write the queue did not confirm is reported as certainly not sent or as maybe taken ({@link Delivery},
 * {@link SqsAttempts}).
 */
public final class SqsWriteQueue implements WriteQueue {

    /** All attempts of one send: the write API's SQS call timeout, so a 503 comes well within API Gateway's 29 s. */
    public static final Duration SEND_BUDGET = SqsAttempts.MAX_CALL;

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
        var deadline = SqsAttempts.Deadline.after(SEND_BUDGET);
        var body = WriteEnvelope.encode(write);
        var attributes = attributes(write, correlationId);
        var delivery = Delivery.NOT_SENT;
        for (int attempt = 1; ; attempt++) {
            var request = SendMessageRequest.builder()
                    .queueUrl(queueUrl)
                    .messageBody(body)
                    .messageAttributes(attributes)
                    .overrideConfiguration(SqsAttempts.oneAttempt(deadline));
            if (fifo) {
                request.messageGroupId(write.touristId().toString())
                        .messageDeduplicationId(write.writeId().toString());
            }
            try {
                sqs.sendMessage(request.build());
                return;
            } catch (SdkException e) {
                delivery = SqsAttempts.worse(delivery, SqsAttempts.delivery(e));
                if (!SqsAttempts.worthRetrying(e) || !SqsAttempts.pause(attempt, deadline)) {
                    throw new QueueUnavailableException("the write queue did not confirm the message (" + attempt
                            + " attempt(s), last: " + SqsAttempts.reason(e) + ")", delivery, e);
                }
            }
        }
    }

    /**
     * Sends the writes with SendMessageBatch, ten (and at most 256 KiB) per call, one call after another. An entry
     * SQS reports failed is sent again unless SQS says it is the sender's fault; one that is not the sender's fault
     * may have been stored all the same, so it reads unknown if no later attempt confirms it, as after a call that
     * failed whole. A call that fails whole is made again while it is worth it. Once a call has used up its
     * attempts the queue is taken to be down: the writes after it are not tried, and are reported not sent; so are
     * those left when the budget is spent.
     */
    @Override
    public List<SendResult> sendAll(List<TouristWrite> writes, String correlationId, Duration budget) {
        var deadline = SqsAttempts.Deadline.after(budget);
        var results = new SendResult[writes.size()];
        String down = null;
        for (var chunk : chunks(writes, correlationId)) {
            if (down == null && deadline.spent()) {
                down = "the time to send was spent";
            }
            if (down != null) {
                for (var entry : chunk) {
                    results[entry.index()] = new SendResult.Failed(Delivery.NOT_SENT, "not tried: " + down);
                }
            } else {
                down = sendChunk(chunk, deadline, results);
            }
        }
        for (int i = 0; i < results.length; i++) {
            if (results[i] == null) {
                results[i] = new SendResult.Failed(Delivery.UNKNOWN, "SQS's answer did not mention this entry");
            }
        }
        return Arrays.asList(results);
    }

    /** One message of a batch: its write's place in the list (also the entry's id) and its size as SQS counts it. */
    private record Entry(int index, SendMessageBatchRequestEntry request, int bytes) {}

    private List<List<Entry>> chunks(List<TouristWrite> writes, String correlationId) {
        var entries = new ArrayList<Entry>(writes.size());
        for (int i = 0; i < writes.size(); i++) {
            var write = writes.get(i);
            var body = WriteEnvelope.encode(write);
            var attributes = attributes(write, correlationId);
            var request = SendMessageBatchRequestEntry.builder()
                    .id(Integer.toString(i))
                    .messageBody(body)
                    .messageAttributes(attributes);
            if (fifo) {
                request.messageGroupId(write.touristId().toString())
                        .messageDeduplicationId(write.writeId().toString());
            }
            entries.add(new Entry(i, request.build(), SqsText.size(body, attributes)));
        }
        return SqsText.batches(entries, Entry::bytes);
    }

    /** @return why the queue is down when a call used up its attempts, else null */
    private String sendChunk(List<Entry> chunk, SqsAttempts.Deadline deadline, SendResult[] results) {
        var pending = chunk;
        Set<Integer> maybeTaken = new HashSet<>();
        for (int attempt = 1; ; attempt++) {
            List<Entry> again;
            String failure;
            boolean callFailed = false;
            try {
                var sent = pending;
                var response = sqs.sendMessageBatch(request -> request.queueUrl(queueUrl)
                        .entries(sent.stream().map(Entry::request).toList())
                        .overrideConfiguration(SqsAttempts.oneAttempt(deadline)));
                response.successful().forEach(ok -> results[Integer.parseInt(ok.id())] = SendResult.STORED);
                again = new ArrayList<>();
                failure = null;
                for (var failed : response.failed()) {
                    int index = Integer.parseInt(failed.id());
                    if (Boolean.TRUE.equals(failed.senderFault())) {
                        // SQS refused this entry: sending it again would be refused again.
                        results[index] = failedEntry(index, maybeTaken, "refused by SQS: " + failed.code());
                    } else {
                        // SQS's own fault, as a 5xx on a whole call: the entry may have been stored all the same.
                        maybeTaken.add(index);
                        again.add(pending.stream().filter(entry -> entry.index() == index).findFirst().orElseThrow());
                        failure = "not taken by SQS: " + failed.code();
                    }
                }
            } catch (SdkException e) {
                if (SqsAttempts.delivery(e) == Delivery.UNKNOWN) {
                    pending.forEach(entry -> maybeTaken.add(entry.index()));
                }
                var reason = SqsAttempts.reason(e);
                if (!SqsAttempts.worthRetrying(e)) {
                    pending.forEach(entry -> results[entry.index()] = failedEntry(entry.index(), maybeTaken, reason));
                    return reason;
                }
                again = pending;
                failure = reason;
                callFailed = true;
            }
            if (again.isEmpty()) {
                return null;
            }
            if (!SqsAttempts.pause(attempt, deadline)) {
                var why = failure + " (" + attempt + " attempt(s))";
                again.forEach(entry -> results[entry.index()] = failedEntry(entry.index(), maybeTaken, why));
                return callFailed ? why : null;
            }
            pending = again;
        }
    }

    private static SendResult failedEntry(int index, Set<Integer> maybeTaken, String reason) {
        return new SendResult.Failed(maybeTaken.contains(index) ? Delivery.UNKNOWN : Delivery.NOT_SENT, reason);
    }

    private static Map<String, MessageAttributeValue> attributes(TouristWrite write, String correlationId) {
        return Map.of(
                MessageAttributes.TYPE, text(WriteEnvelope.typeOf(write)),
                MessageAttributes.CORRELATION_ID, text(correlationId));
    }

    static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }
}
