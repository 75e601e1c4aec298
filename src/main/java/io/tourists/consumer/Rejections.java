package io.tourists.consumer;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.tourists.db.WriteRejection;
import io.tourists.domain.FieldError;
import io.tourists.domain.Ids;
import io.tourists.domain.TouristWrite;
import io.tourists.json.Json;
import io.tourists.queue.WriteEnvelope;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/** The rejection the consumer records for a write it refuses, so that the write's status can say why. */
final class Rejections {

    private Rejections() {
    }

    /** A valid write refused for good (too old, or refused by the database). */
    static WriteRejection of(TouristWrite write, String reason, List<FieldError> errors) {
        return new WriteRejection(write.writeId(), write.touristId(), Optional.of(write.occurredAt()), reason, errors);
    }

    /**
     * An invalid message, when its writeId and touristId can still be read; nothing otherwise (nobody could
     * ask for the status of a write without them). Its occurredAt is kept only when it is a time that could
     * be true (not before 1970, not in the future), since pruning goes by it.
     */
    static Optional<WriteRejection> ofInvalid(String body, List<FieldError> errors, Instant now) {
        if (body == null) {
            return Optional.empty();
        }
        try {
            var node = Json.readTree(body);
            var writeId = Ids.parse(node.path("writeId").textValue());
            var touristId = Ids.parse(node.path("touristId").textValue());
            if (writeId.isEmpty() || touristId.isEmpty()) {
                return Optional.empty();
            }
            var occurredAt = occurredAt(node.path("occurredAt").textValue())
                    .filter(at -> !at.isBefore(WriteEnvelope.EARLIEST_OCCURRED_AT) && !at.isAfter(now));
            return Optional.of(new WriteRejection(writeId.get(), touristId.get(), occurredAt,
                    WriteBatchConsumer.INVALID_MESSAGE, errors));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    private static Optional<Instant> occurredAt(String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
