package io.tourists.ops.dlq;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tourists.domain.FieldError;
import io.tourists.domain.Ids;
import io.tourists.domain.TouristWrite;
import io.tourists.domain.Validation;
import io.tourists.json.Json;
import io.tourists.queue.MessageAttributes;
import io.tourists.queue.WriteEnvelope;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * One message on the dead-letter queue, read for a person: why it is there, how often it was received, and
 * what it holds, decoded with the consumer's own rules (so {@link #decoded()} says whether a redrive would be
 * applied or parked again).
 *
 * @param receiveCount   ApproximateReceiveCount on the dead-letter queue; each peek adds one
 * @param reason         the consumer's failure.reason, or {@link #RETRIES_EXHAUSTED} when none was recorded
 * @param reasonRecorded false for a message the queue's redrive policy moved after maxReceiveCount receives
 */
public record PeekedMessage(
        String messageId,
        Optional<Instant> sentAt,
        int receiveCount,
        String reason,
        boolean reasonRecorded,
        Optional<String> detail,
        Optional<Instant> failedAt,
        Optional<String> sourceMessageId,
        Optional<Integer> sourceReceiveCount,
        Optional<Instant> firstSeen,
        Optional<String> type,
        Optional<String> correlationId,
        String body,
        Validation<TouristWrite> decoded) {

    /**
     * The reason of a message with no failure.reason: the consumer never refused it, the queue moved it after
     * maxReceiveCount failed receives (a database outage, a timeout, a crash): transient by nature.
     */
    public static final String RETRIES_EXHAUSTED = "retries-exhausted";

    static PeekedMessage of(Message message, WriteEnvelope envelope) {
        var reason = attribute(message, MessageAttributes.FAILURE_REASON);
        return new PeekedMessage(
                message.messageId(),
                system(message, MessageSystemAttributeName.SENT_TIMESTAMP).flatMap(PeekedMessage::epochMillis),
                system(message, MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT).flatMap(PeekedMessage::integer).orElse(0),
                reason.orElse(RETRIES_EXHAUSTED),
                reason.isPresent(),
                attribute(message, MessageAttributes.FAILURE_DETAIL),
                attribute(message, MessageAttributes.FAILED_AT).flatMap(PeekedMessage::instant),
                attribute(message, MessageAttributes.SOURCE_MESSAGE_ID),
                attribute(message, MessageAttributes.SOURCE_RECEIVE_COUNT).flatMap(PeekedMessage::integer),
                attribute(message, MessageAttributes.SOURCE_FIRST_SEEN).flatMap(PeekedMessage::instant)
                        .or(() -> system(message, MessageSystemAttributeName.APPROXIMATE_FIRST_RECEIVE_TIMESTAMP)
                                .flatMap(PeekedMessage::epochMillis)),
                attribute(message, MessageAttributes.TYPE),
                attribute(message, MessageAttributes.CORRELATION_ID),
                message.body(),
                envelope.decode(message.body()));
    }

    /** "retries-exhausted (no reason recorded)" or the consumer's reason code. */
    public String reasonText() {
        return reasonRecorded ? reason : reason + " (no reason recorded)";
    }

    public Optional<TouristWrite> write() {
        return decoded instanceof Validation.Valid<TouristWrite> valid ? Optional.of(valid.value()) : Optional.empty();
    }

    public List<FieldError> errors() {
        return decoded instanceof Validation.Invalid<TouristWrite> invalid ? invalid.errors() : List.of();
    }

    /** The tourist the message is about: from the decoded write, or read loosely from a body that does not decode. */
    public Optional<UUID> touristId() {
        return write().map(TouristWrite::touristId).or(() -> {
            try {
                var node = Json.readTree(body);
                return node != null && node.path("touristId").isTextual()
                        ? Ids.parse(node.path("touristId").textValue()) : Optional.empty();
            } catch (Exception e) {
                return Optional.empty();
            }
        });
    }

    /** One JSON object, the form {@code dlq peek --json} prints one per line. */
    public ObjectNode toJson() {
        var node = Json.MAPPER.createObjectNode().put("messageId", messageId);
        sentAt.ifPresent(at -> node.put("sentAt", at.toString()));
        node.put("receiveCount", receiveCount).put("reason", reason).put("reasonRecorded", reasonRecorded);
        detail.ifPresent(value -> node.put("detail", value));
        failedAt.ifPresent(at -> node.put("failedAt", at.toString()));
        sourceMessageId.ifPresent(value -> node.put("sourceMessageId", value));
        sourceReceiveCount.ifPresent(value -> node.put("sourceReceiveCount", value));
        firstSeen.ifPresent(at -> node.put("firstSeen", at.toString()));
        type.ifPresent(value -> node.put("type", value));
        correlationId.ifPresent(value -> node.put("correlationId", value));
        touristId().ifPresent(id -> node.put("touristId", id.toString()));
        node.put("valid", write().isPresent());
        write().ifPresentOrElse(
                write -> node.set("write", envelopeJson(write)),
                () -> {
                    node.put("body", body);
                    var errors = node.putArray("errors");
                    errors().forEach(error -> errors.addObject()
                            .put("field", error.field()).put("code", error.code()).put("message", error.message()));
                });
        return node;
    }

    private static JsonNode envelopeJson(TouristWrite write) {
        try {
            return Json.readTree(WriteEnvelope.encode(write));
        } catch (Exception e) {
            throw new IllegalStateException("an encoded envelope is JSON", e);
        }
    }

    private static Optional<String> attribute(Message message, String name) {
        var value = message.messageAttributes().get(name);
        return value == null ? Optional.empty() : Optional.ofNullable(value.stringValue());
    }

    private static Optional<String> system(Message message, MessageSystemAttributeName name) {
        return Optional.ofNullable(message.attributes().get(name));
    }

    private static Optional<Instant> epochMillis(String text) {
        return integerLong(text).map(Instant::ofEpochMilli);
    }

    private static Optional<Instant> instant(String text) {
        try {
            return Optional.of(Instant.parse(text));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Optional<Integer> integer(String text) {
        return integerLong(text).map(Math::toIntExact);
    }

    private static Optional<Long> integerLong(String text) {
        try {
            return Optional.of(Long.parseLong(text.strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
