package io.tourists.queue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * What SQS accepts in a message, and how big SQS counts it.
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html
 */
final class SqsText {

    /**
     * The most a SendMessageBatch call may carry, all messages together, on every queue: SQS now allows 1 MiB,
     * but a queue's MaximumMessageSize may be lower, and 256 KiB was the limit for years (ElasticMQ keeps it).
     */
    static final int BATCH_BYTES = 262_144;
    /** The most entries a SendMessageBatch (or ChangeMessageVisibilityBatch) call may carry. */
    static final int BATCH_ENTRIES = 10;
    private static final char REPLACEMENT = '\uFFFD';

    private SqsText() {
    }

    /**
     * The text with every character SQS refuses replaced by U+FFFD. SQS takes only #x9, #xA, #xD, #x20 to
     * #xD7FF, #xE000 to #xFFFD and #x10000 to #x10FFFF, in bodies and string attributes alike: a NUL or a
     * U+FFFF copied from a JSON field name into a detail would make SQS refuse the whole message.
     */
    static String clean(String text) {
        if (text.codePoints().allMatch(SqsText::allowed)) {
            return text;
        }
        var cleaned = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (allowed(c)) {
                cleaned.appendCodePoint(c);
            } else {
                cleaned.append(REPLACEMENT);
            }
        });
        return cleaned.toString();
    }

    /** Lone surrogates come out of {@link String#codePoints} as themselves, in D800-DFFF: refused too. */
    static boolean allowed(int c) {
        return c == 0x9 || c == 0xA || c == 0xD
                || (c >= 0x20 && c <= 0xD7FF)
                || (c >= 0xE000 && c <= 0xFFFD)
                || (c >= 0x10000 && c <= 0x10FFFF);
    }

    /** The size SQS counts: the body, and each attribute's name, type and value, in UTF-8 bytes. */
    static int size(String body, Map<String, MessageAttributeValue> attributes) {
        int bytes = utf8(body);
        for (var attribute : attributes.entrySet()) {
            var value = attribute.getValue();
            bytes += utf8(attribute.getKey()) + utf8(value.dataType());
            bytes += value.binaryValue() != null ? value.binaryValue().asByteArray().length : utf8(value.stringValue());
        }
        return bytes;
    }

    /**
     * The entries in their order, cut into SendMessageBatch calls: up to {@link #BATCH_ENTRIES} entries and
     * {@link #BATCH_BYTES} per call; an entry bigger than that goes alone (SQS then refuses it on its own).
     */
    static <T> List<List<T>> batches(List<T> entries, ToIntFunction<T> bytes) {
        var batches = new ArrayList<List<T>>();
        var batch = new ArrayList<T>();
        int batchBytes = 0;
        for (var entry : entries) {
            int size = bytes.applyAsInt(entry);
            if (!batch.isEmpty() && (batch.size() == BATCH_ENTRIES || batchBytes + size > BATCH_BYTES)) {
                batches.add(batch);
                batch = new ArrayList<>();
                batchBytes = 0;
            }
            batch.add(entry);
            batchBytes += size;
        }
        if (!batch.isEmpty()) {
            batches.add(batch);
        }
        return batches;
    }

    private static int utf8(String text) {
        return text == null ? 0 : text.getBytes(StandardCharsets.UTF_8).length;
    }
}
