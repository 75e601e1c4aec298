package io.tourists.queue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.tourists.domain.FieldError;
import io.tourists.domain.Ids;
import io.tourists.domain.IsoTimes;
import io.tourists.domain.Precondition;
import io.tourists.domain.Tourist;
import io.tourists.domain.TouristRules;
import io.tourists.domain.TouristWrite;
import io.tourists.domain.UnknownFields;
import io.tourists.domain.Validation;
import io.tourists.json.Json;
import io.tourists.json.TouristJson;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The queue message: the contract with every service that publishes to the write queue, described for
 * them by {@code schema/tourist-write.v1.schema.json}.
 *
 * <pre>{@code
 * {"type":"tourist.upserted","schemaVersion":1,"writeId":"<uuid>","touristId":"<uuid>",
 *  "occurredAt":"2026-11-23T10:15:30.123456Z","tourist":{...}}
 * {"type":"tourist.deleted","schemaVersion":1,"writeId":"<uuid>","touristId":"<uuid>",
 *  "occurredAt":"2026-11-23T10:15:30.123456Z"}
 * }</pre>
 *
 * Either may carry {@code "ifMatch"}: {@code "*"} (the tourist must exist) or the writeId of the version the
 * write expects (a conditional write: {@link Precondition}). Without it a write applies as it always did.
 *
 * Decoding trusts nothing: it applies the same tourist rules as the API. {@code occurredAt} is an RFC 3339
 * timestamp with an offset, kept to microseconds (PostgreSQL's precision, so that versions compare the
 * same in Java and in the database), not before 1970, and at most {@link #MAX_CLOCK_SKEW} in the future:
 * a far-future stamp would otherwise win every later write for ever.
 */
public final class WriteEnvelope {

    public static final String UPSERTED = "tourist.upserted";
    public static final String DELETED = "tourist.deleted";
    public static final int SCHEMA_VERSION = 1;
    public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);
    /** No write predates the Unix epoch; years before 1 cannot even be stored by PostgreSQL. */
    public static final Instant EARLIEST_OCCURRED_AT = Instant.EPOCH;

    private static final Set<String> FIELDS =
            Set.of("type", "schemaVersion", "writeId", "touristId", "occurredAt", "tourist", "ifMatch");

    private final TouristJson touristJson;
    private final Clock clock;

    public WriteEnvelope(TouristJson touristJson, Clock clock) {
        this.touristJson = touristJson;
        this.clock = clock;
    }

    /** The envelope with the project's one set of tourist rules, on this clock: what every reader uses. */
    public static WriteEnvelope withRules(Clock clock) {
        return new WriteEnvelope(new TouristJson(new TouristRules(clock)), clock);
    }

    public static String typeOf(TouristWrite write) {
        return switch (write) {
            case TouristWrite.Upsert upsert -> UPSERTED;
            case TouristWrite.Delete delete -> DELETED;
        };
    }

    public static String encode(TouristWrite write) {
        var node = Json.MAPPER.createObjectNode()
                .put("type", typeOf(write))
                .put("schemaVersion", SCHEMA_VERSION)
                .put("writeId", write.writeId().toString())
                .put("touristId", write.touristId().toString())
                .put("occurredAt", write.occurredAt().toString());
        if (write instanceof TouristWrite.Upsert upsert) {
            node.set("tourist", TouristJson.write(upsert.tourist()));
        }
        var ifMatch = Precondition.toText(write.precondition());
        if (ifMatch != null) {
            node.put("ifMatch", ifMatch);
        }
        return Json.write(node);
    }

    /** The time a new write is stamped with: now, at the precision the database keeps. */
    public static Instant stamp(Clock clock) {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    public Validation<TouristWrite> decode(String body) {
        JsonNode node;
        try {
            node = body == null ? null : Json.readTree(body);
        } catch (JsonProcessingException e) {
            // Where, not Jackson's words: they may quote the body, and this detail goes to logs and the DLQ.
            return invalid("$", "malformed", "is not JSON" + Json.where(e));
        }
        if (node == null || !node.isObject()) {
            return invalid("$", "type", "must be a JSON object");
        }
        var errors = new ArrayList<>(UnknownFields.errors(node.fieldNames(), FIELDS, "is not an envelope field"));
        var type = text(node, "type", errors);
        if (type != null && !type.equals(UPSERTED) && !type.equals(DELETED)) {
            errors.add(new FieldError("type", "invalid", "must be " + UPSERTED + " or " + DELETED));
        }
        schemaVersion(node, errors);
        var writeId = uuid(node, "writeId", errors);
        var touristId = uuid(node, "touristId", errors);
        var occurredAt = occurredAt(node, errors);
        Tourist tourist = null;
        var touristNode = node.get("tourist");
        if (UPSERTED.equals(type) && (touristNode == null || touristNode.isNull())) {
            errors.add(new FieldError("tourist", "required", "is required for " + UPSERTED));
        } else if (UPSERTED.equals(type)) {
            switch (touristJson.read(touristNode)) {
                case Validation.Valid<Tourist> valid -> tourist = valid.value();
                case Validation.Invalid<Tourist> invalid ->
                        invalid.errors().forEach(error -> errors.add(error.withPrefix("tourist")));
            }
        } else if (DELETED.equals(type) && touristNode != null) {
            errors.add(new FieldError("tourist", "unknown", "must be absent from " + DELETED));
        }
        var precondition = precondition(node, errors);
        if (!errors.isEmpty()) {
            return Validation.invalid(errors);
        }
        return Validation.valid(UPSERTED.equals(type)
                ? new TouristWrite.Upsert(writeId, touristId, occurredAt, tourist, precondition)
                : new TouristWrite.Delete(writeId, touristId, occurredAt, precondition));
    }

    /** Absent (or null): no condition. Else "*" or a writeId. */
    private static Precondition precondition(JsonNode node, List<FieldError> errors) {
        var value = node.get("ifMatch");
        if (value == null || value.isNull()) {
            return Precondition.NONE;
        }
        if (!value.isTextual()) {
            errors.add(new FieldError("ifMatch", "type", "must be a string"));
            return Precondition.NONE;
        }
        if (value.textValue().equals("*")) {
            return Precondition.EXISTS;
        }
        var writeId = Ids.parse(value.textValue());
        if (writeId.isEmpty()) {
            errors.add(new FieldError("ifMatch", "invalid", "must be \"*\" or a writeId (a UUID in canonical form)"));
            return Precondition.NONE;
        }
        return new Precondition.Version(writeId.get());
    }

    private static void schemaVersion(JsonNode node, List<FieldError> errors) {
        var value = node.get("schemaVersion");
        if (value == null || value.isNull()) {
            errors.add(new FieldError("schemaVersion", "required", "is required"));
        } else if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() != SCHEMA_VERSION) {
            errors.add(new FieldError("schemaVersion", "unsupported",
                    "must be " + SCHEMA_VERSION + "; this consumer reads no other version"));
        }
    }

    private static UUID uuid(JsonNode node, String field, List<FieldError> errors) {
        var text = text(node, field, errors);
        if (text == null) {
            return null;
        }
        var id = Ids.parse(text);
        if (id.isEmpty()) {
            errors.add(new FieldError(field, "invalid", "must be a UUID in canonical form"));
        }
        return id.orElse(null);
    }

    private Instant occurredAt(JsonNode node, List<FieldError> errors) {
        var text = text(node, "occurredAt", errors);
        if (text == null) {
            return null;
        }
        Instant instant;
        try {
            instant = IsoTimes.offsetDateTime(text).truncatedTo(ChronoUnit.MICROS);
        } catch (DateTimeException e) {
            errors.add(new FieldError("occurredAt", "invalid", "must be an RFC 3339 timestamp with an offset"));
            return null;
        }
        if (instant.isBefore(EARLIEST_OCCURRED_AT)) {
            errors.add(new FieldError("occurredAt", "invalid", "must not be before " + EARLIEST_OCCURRED_AT));
        } else if (instant.isAfter(clock.instant().plus(MAX_CLOCK_SKEW))) {
            errors.add(new FieldError("occurredAt", "invalid",
                    "is more than " + MAX_CLOCK_SKEW.toMinutes() + " minutes in the future"));
        }
        return instant;
    }

    private static String text(JsonNode node, String field, List<FieldError> errors) {
        var value = node.get(field);
        if (value == null || value.isNull()) {
            errors.add(new FieldError(field, "required", "is required"));
            return null;
        }
        if (!value.isTextual()) {
            errors.add(new FieldError(field, "type", "must be a string"));
            return null;
        }
        return value.textValue();
    }

    private static Validation<TouristWrite> invalid(String field, String code, String message) {
        return Validation.invalid(List.of(new FieldError(field, code, message)));
    }
}
