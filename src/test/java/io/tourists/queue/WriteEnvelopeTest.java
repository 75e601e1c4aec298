package io.tourists.queue;

import static io.tourists.domain.ValidationResults.errorsOf;
import static io.tourists.domain.ValidationResults.valueOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tourists.domain.FieldError;
import io.tourists.domain.Tourist;
import io.tourists.domain.TouristRules;
import io.tourists.domain.TouristWrite;
import io.tourists.domain.UnknownFields;
import io.tourists.json.Json;
import io.tourists.json.TouristJson;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class WriteEnvelopeTest {

    private static final Instant NOW = Instant.parse("2026-03-14T12:00:00Z");
    private static final UUID WRITE_ID = UUID.fromString("019cec37-b67b-7abc-8def-0123456789ab");
    private static final UUID TOURIST_ID = UUID.fromString("019cec37-b67b-7123-9456-fedcba987654");
    private static final Tourist ADA =
            new Tourist("Ada", "Lovelace", "ada@example.com", "GB", LocalDate.of(1915, 12, 10), Optional.of("K1234567"));

    private final WriteEnvelope envelope =
            new WriteEnvelope(new TouristJson(new TouristRules(Clock.fixed(NOW, ZoneOffset.UTC))), Clock.fixed(NOW, ZoneOffset.UTC));

    private static TouristWrite.Upsert upsert() {
        return new TouristWrite.Upsert(WRITE_ID, TOURIST_ID, NOW.minusSeconds(1).plusNanos(123_456_000), ADA);
    }

    private static TouristWrite.Delete delete() {
        return new TouristWrite.Delete(WRITE_ID, TOURIST_ID, NOW.minusSeconds(1));
    }

    /** A valid upsert envelope as a tree, for a test to break one thing in. */
    private static ObjectNode upsertNode() throws JsonProcessingException {
        return (ObjectNode) Json.readTree(WriteEnvelope.encode(upsert()));
    }

    private static ObjectNode deleteNode() throws JsonProcessingException {
        return (ObjectNode) Json.readTree(WriteEnvelope.encode(delete()));
    }

    private List<FieldError> errors(String body) {
        return errorsOf(envelope.decode(body));
    }

    private List<FieldError> errors(JsonNode body) {
        return errors(body.toString());
    }

    // --- round trips

    @Test
    void decodesTheUpsertItEncoded() {
        assertThat(valueOf(envelope.decode(WriteEnvelope.encode(upsert())))).isEqualTo(upsert());
    }

    @Test
    void aPublishersMessageWithThousandsOfLongOddUnknownFieldNames_reportsFiveShortSafeNamesAndACount() throws Exception {
        var body = upsertNode();
        var tourist = (ObjectNode) body.get("tourist");
        for (int i = 0; i < 2_000; i++) {
            body.put("x".repeat(500) + i + "\n\u001b[31m\"ada@example.com\" é", i);
            tourist.put("extra" + i, i);
        }

        var errors = errors(body);

        assertThat(errors).filteredOn(error -> error.code().equals("unknown")).hasSize(12);
        assertThat(errors).allSatisfy(error -> assertThat(error.field())
                .hasSizeLessThanOrEqualTo("tourist.".length() + UnknownFields.MAX_NAME_LENGTH)
                .matches("[A-Za-z0-9_.$?-]*"));
        assertThat(errors).contains(new FieldError("$", "unknown", "has 1995 more unknown fields"),
                new FieldError("tourist.$", "unknown", "has 1995 more unknown fields"),
                new FieldError("tourist.extra0", "unknown", "is not a tourist field"));
        assertThat(errors.getFirst().field()).isEqualTo("x".repeat(61) + "...");
    }

    @Test
    void decodesAnUpsertWithoutPassportNumber() {
        var write = new TouristWrite.Upsert(WRITE_ID, TOURIST_ID, NOW,
                new Tourist("Zoë", "O'Brien", "zoe@example.ie", "IE", LocalDate.of(1990, 4, 17), Optional.empty()));

        assertThat(valueOf(envelope.decode(WriteEnvelope.encode(write)))).isEqualTo(write);
    }

    @Test
    void decodesTheDeleteItEncoded() {
        assertThat(valueOf(envelope.decode(WriteEnvelope.encode(delete())))).isEqualTo(delete());
    }

    @Test
    void encodesAnUpsertInTheDocumentedShape() throws JsonProcessingException {
        assertThat(Json.readTree(WriteEnvelope.encode(upsert()))).isEqualTo(Json.readTree("""
                {"type":"tourist.upserted","schemaVersion":1,
                 "writeId":"019cec37-b67b-7abc-8def-0123456789ab","touristId":"019cec37-b67b-7123-9456-fedcba987654",
                 "occurredAt":"2026-03-14T11:59:59.123456Z",
                 "tourist":{"firstName":"Ada","lastName":"Lovelace","email":"ada@example.com","nationality":"GB",
                            "dateOfBirth":"1915-12-10","passportNumber":"K1234567"}}"""));
    }

    @Test
    void encodesADeleteWithoutTourist() throws JsonProcessingException {
        assertThat(Json.readTree(WriteEnvelope.encode(delete()))).isEqualTo(Json.readTree("""
                {"type":"tourist.deleted","schemaVersion":1,
                 "writeId":"019cec37-b67b-7abc-8def-0123456789ab","touristId":"019cec37-b67b-7123-9456-fedcba987654",
                 "occurredAt":"2026-03-14T11:59:59Z"}"""));
    }

    @Test
    void namesEachKindOfWrite() {
        assertThat(WriteEnvelope.typeOf(upsert())).isEqualTo("tourist.upserted");
        assertThat(WriteEnvelope.typeOf(delete())).isEqualTo("tourist.deleted");
    }

    @Test
    void stampsWritesAtMicrosecondPrecision() {
        var clock = Clock.fixed(Instant.parse("2026-03-14T12:00:00.123456789Z"), ZoneOffset.UTC);

        assertThat(WriteEnvelope.stamp(clock)).isEqualTo(Instant.parse("2026-03-14T12:00:00.123456Z"));
    }

    // --- not an envelope at all

    @ParameterizedTest
    @ValueSource(strings = {"{", "{\"type\":}", "not json", "{\"type\":\"tourist.deleted\"} trailing"})
    void refusesTextThatIsNotJson(String body) {
        assertThat(errors(body)).extracting(FieldError::field, FieldError::code).containsExactly(tuple("$", "malformed"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"tourist\":{\"lastName\":Lovelace}}", "{\"tourist\":{\"lastName\":\"Lovelace\" \"x\"}}",
            "{\"schemaVersion\":123456789012345678901234567890Lovelace}"})
    void saysWhereAMessageStopsBeingJson_withoutQuotingWhatItHolds(String body) {
        // This detail is logged and attached to the parked message; Jackson's own reason would quote the token.
        assertThat(errors(body)).singleElement().satisfies(error -> assertThat(error.message())
                .startsWith("is not JSON at line 1, column ").doesNotContain("Lovelace", "1234567890"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "[{}]", "\"tourist.upserted\"", "1", "null", ""})
    void refusesJsonThatIsNotAnObject(String body) {
        assertThat(errors(body)).extracting(FieldError::field, FieldError::code).containsExactly(tuple("$", "type"));
    }

    @Test
    void refusesAnAbsentBody() {
        assertThat(errors((String) null)).extracting(FieldError::field, FieldError::code).containsExactly(tuple("$", "type"));
    }

    // --- envelope fields

    @Test
    void refusesAnUnknownField() throws JsonProcessingException {
        assertThat(errors(upsertNode().put("priority", "high")))
                .extracting(FieldError::field, FieldError::code)
                .containsExactly(tuple("priority", "unknown"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"type", "schemaVersion", "writeId", "touristId", "occurredAt"})
    void refusesAMissingField(String field) throws JsonProcessingException {
        var body = deleteNode();
        body.remove(field);

        assertThat(errors(body)).extracting(FieldError::field, FieldError::code).containsExactly(tuple(field, "required"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"type", "schemaVersion", "writeId", "touristId", "occurredAt"})
    void treatsANullFieldAsMissing(String field) throws JsonProcessingException {
        var body = deleteNode().putNull(field);

        assertThat(errors(body)).extracting(FieldError::field, FieldError::code).containsExactly(tuple(field, "required"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "type       | 1",
            "type       | [\"tourist.deleted\"]",
            "writeId    | 42",
            "touristId  | {}",
            "occurredAt | 1773489600",
            "occurredAt | true"})
    void refusesANonStringWhereAStringBelongs(String field, String json) throws JsonProcessingException {
        var body = deleteNode().set(field, Json.readTree(json));

        assertThat(errors(body)).extracting(FieldError::field, FieldError::code).containsExactly(tuple(field, "type"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"tourist.created", "tourist.updated", "Tourist.Deleted", "tourist.deleted ", ""})
    void refusesAnUnknownType(String type) throws JsonProcessingException {
        assertThat(errors(deleteNode().put("type", type)))
                .extracting(FieldError::field, FieldError::code)
                .containsExactly(tuple("type", "invalid"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2", "0", "-1", "1.0", "1.5", "\"1\"", "true", "[1]", "4294967297", "18446744073709551617"})
    void readsSchemaVersionOneAndNoOther(String version) throws JsonProcessingException {
        var body = deleteNode().set("schemaVersion", Json.readTree(version));

        assertThat(errors(body))
                .extracting(FieldError::field, FieldError::code)
                .containsExactly(tuple("schemaVersion", "unsupported"));
    }

    @ParameterizedTest
    @CsvSource({
            "writeId,   not-a-uuid",
            "writeId,   1-1-1-1-1",
            "touristId, 019cec37b67b7abc8def0123456789ab",
            "touristId, {019cec37-b67b-7abc-8def-0123456789ab}",
            "writeId,   urn:uuid:019cec37-b67b-7abc-8def-0123456789ab"})
    void refusesAnIdThatIsNotACanonicalUuid(String field, String id) throws JsonProcessingException {
        assertThat(errors(deleteNode().put(field, id)))
                .extracting(FieldError::field, FieldError::code)
                .containsExactly(tuple(field, "invalid"));
    }

    // --- occurredAt

    @ParameterizedTest
    @ValueSource(strings = {"2026-03-14T12:00:00", "2026-03-14T12:00:00.123456", "2026-03-14", "2026-03-14 12:00:00Z",
            "1773489600", "2026-03-14T12:00:00+25:00", "2026-02-30T12:00:00Z", "yesterday"})
    void refusesAnOccurredAtThatIsNotATimestampWithOffset(String occurredAt) throws JsonProcessingException {
        assertThat(errors(deleteNode().put("occurredAt", occurredAt)))
                .extracting(FieldError::field, FieldError::code)
                .containsExactly(tuple("occurredAt", "invalid"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0000-01-01T00:00:00Z", "1969-12-31T23:59:59.999999Z", "-0001-01-01T00:00:00Z"})
    void refusesAnOccurredAtBeforeTheUnixEpoch(String occurredAt) throws JsonProcessingException {
        assertThat(errors(deleteNode().put("occurredAt", occurredAt)))
                .extracting(FieldError::field, FieldError::code)
                .containsExactly(tuple("occurredAt", "invalid"));
    }

    @Test
    void readsAnyOffsetAsTheSameInstant() throws JsonProcessingException {
        var body = deleteNode().put("occurredAt", "2026-03-14T13:00:00.5+01:00");

        assertThat(valueOf(envelope.decode(body.toString())).occurredAt()).isEqualTo(Instant.parse("2026-03-14T12:00:00.5Z"));
    }

    @Test
    void truncatesOccurredAtToMicroseconds() throws JsonProcessingException {
        var body = deleteNode().put("occurredAt", "2026-03-14T11:00:00.123456789Z");

        assertThat(valueOf(envelope.decode(body.toString())).occurredAt())
                .isEqualTo(Instant.parse("2026-03-14T11:00:00.123456Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-03-14T12:04:00Z", "2026-03-14T12:05:00Z", "2026-03-14T13:04:59+01:00"})
    void acceptsAnOccurredAtUpToFiveMinutesAhead(String occurredAt) throws JsonProcessingException {
        assertThat(valueOf(envelope.decode(deleteNode().put("occurredAt", occurredAt).toString())))
                .isInstanceOf(TouristWrite.Delete.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-03-14T12:05:00.000001Z", "2026-03-14T12:06:00Z", "2126-03-14T12:00:00Z"})
    void refusesAnOccurredAtMoreThanFiveMinutesAheadOfTheConsumersClock(String occurredAt) throws JsonProcessingException {
        assertThat(errors(deleteNode().put("occurredAt", occurredAt)))
                .extracting(FieldError::field, FieldError::code)
                .containsExactly(tuple("occurredAt", "invalid"));
    }

    @Test
    void acceptsAnOccurredAtLongAgo() throws JsonProcessingException {
        // A redriven message can be days old: age is no reason to refuse it.
        assertThat(valueOf(envelope.decode(deleteNode().put("occurredAt", "2020-01-01T00:00:00Z").toString())))
                .isInstanceOf(TouristWrite.Delete.class);
    }

    // --- the tourist

    @Test
    void refusesATouristOnADelete() throws JsonProcessingException {
        var body = deleteNode().set("tourist", upsertNode().get("tourist"));

        assertThat(errors(body)).extracting(FieldError::field, FieldError::code).containsExactly(tuple("tourist", "unknown"));
    }

    @Test
    void refusesEvenANullTouristOnADelete() throws JsonProcessingException {
        assertThat(errors(deleteNode().putNull("tourist")))
                .extracting(FieldError::field, FieldError::code)
                .containsExactly(tuple("tourist", "unknown"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"null", "[]", "\"Ada\""})
    void refusesAnUpsertWithoutATouristObject(String tourist) throws JsonProcessingException {
        var body = upsertNode().set("tourist", Json.readTree(tourist));

        assertThat(errors(body)).extracting(FieldError::field).singleElement().asString().startsWith("tourist");
    }

    @Test
    void refusesAnUpsertWhoseTouristIsMissingAsRequired() throws JsonProcessingException {
        var body = upsertNode();
        body.remove("tourist");

        assertThat(errors(body)).extracting(FieldError::field, FieldError::code)
                .containsExactly(tuple("tourist", "required"));
        assertThat(errors(upsertNode().putNull("tourist"))).extracting(FieldError::field, FieldError::code)
                .containsExactly(tuple("tourist", "required"));
    }

    @Test
    void prefixesTheTouristsFieldErrorsWithTourist() throws JsonProcessingException {
        var body = upsertNode();
        ((ObjectNode) body.get("tourist")).put("email", "ada").put("nationality", 33).put("nickname", "Countess")
                .remove("lastName");

        assertThat(errors(body))
                .extracting(FieldError::field, FieldError::code)
                .containsExactlyInAnyOrder(
                        tuple("tourist.email", "invalid"),
                        tuple("tourist.nationality", "type"),
                        tuple("tourist.nickname", "unknown"),
                        tuple("tourist.lastName", "required"));
    }

    @Test
    void appliesTheSameRulesAsTheApiToTheTourist() throws JsonProcessingException {
        var body = upsertNode();
        ((ObjectNode) body.get("tourist")).put("dateOfBirth", "2026-03-15").put("nationality", "gb");

        assertThat(errors(body))
                .extracting(FieldError::field, FieldError::code)
                .containsExactly(tuple("tourist.nationality", "invalid"), tuple("tourist.dateOfBirth", "invalid"));
    }

    @Test
    void reportsEveryEnvelopeErrorAtOnce() throws JsonProcessingException {
        var body = upsertNode().put("schemaVersion", 2).put("writeId", "1-1-1-1-1").put("occurredAt", "2026-03-14")
                .put("extra", true);
        body.remove("touristId");
        ((ObjectNode) body.get("tourist")).put("email", "ada");

        assertThat(errors(body))
                .extracting(FieldError::field, FieldError::code)
                .containsExactlyInAnyOrder(
                        tuple("extra", "unknown"),
                        tuple("schemaVersion", "unsupported"),
                        tuple("writeId", "invalid"),
                        tuple("touristId", "required"),
                        tuple("occurredAt", "invalid"),
                        tuple("tourist.email", "invalid"));
    }
}
