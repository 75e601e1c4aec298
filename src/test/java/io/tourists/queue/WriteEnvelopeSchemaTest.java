package io.tourists.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.tourists.domain.Precondition;
import io.tourists.domain.Tourist;
import io.tourists.domain.TouristWrite;
import io.tourists.domain.Validation;
import io.tourists.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The JSON Schema that other publishers validate against, checked against the decoder the consumer runs:
 * what the API encodes conforms, and every malformed envelope in the table is refused by both, so the
 * two cannot drift apart unnoticed. The last two tests pin the few places where they differ by design;
 * schema/README.md lists the same.
 */
class WriteEnvelopeSchemaTest {

    private static final Path SCHEMA_FILE = Path.of("schema", "tourist-write.v1.schema.json");
    private static final Instant NOW = Instant.parse("2026-03-14T13:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final UUID WRITE_ID = UUID.fromString("019cec37-b67b-7abc-8def-0123456789ab");
    private static final UUID TOURIST_ID = UUID.fromString("019cec37-b67b-7123-9456-fedcba987654");
    private static final Tourist ADA =
            new Tourist("Ada", "Lovelace", "ada@example.com", "GB", LocalDate.of(1915, 12, 10), Optional.of("K1234567"));

    /** Loaded on first use, so that a schema that does not load fails the tests that use it, not the meta-schema check. */
    private static final class Loaded {
        /** Format assertions on: a publisher should turn them on too (ajv: ajv-formats). */
        static final JsonSchema SCHEMA = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(read(SCHEMA_FILE), SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build());
    }

    private final WriteEnvelope decoder = WriteEnvelope.withRules(CLOCK);

    private static InputStream read(Path file) {
        try {
            return Files.newInputStream(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<ValidationMessage> schemaErrors(String body) throws JsonProcessingException {
        return Loaded.SCHEMA.validate(Json.readTree(body));
    }

    // --- the schema itself

    @Test
    void isAValidDraft202012Schema() throws IOException {
        var metaSchema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));

        assertThat(metaSchema.validate(Json.readTree(Files.readString(SCHEMA_FILE)))).isEmpty();
    }

    @Test
    void listsTheSameCountryCodesAsTheRules() throws IOException {
        var schema = Json.readTree(Files.readString(SCHEMA_FILE));
        var codes = schema.at("/$defs/tourist/properties/nationality/enum").valueStream().map(JsonNode::textValue);

        assertThat(codes).containsExactlyInAnyOrder(Locale.getISOCountries());
    }

    // --- what the API publishes conforms

    static Stream<Arguments> encodedWrites() {
        var stampedNow = WriteEnvelope.stamp(Clock.fixed(Instant.parse("2026-03-14T12:59:58.987654321Z"), ZoneOffset.UTC));
        var onTheMinute = Instant.parse("2026-03-14T12:59:00Z");
        return Stream.of(
                argumentSet("an upsert with a passport number",
                        new TouristWrite.Upsert(WRITE_ID, TOURIST_ID, stampedNow, ADA)),
                argumentSet("an upsert without a passport number",
                        new TouristWrite.Upsert(WRITE_ID, TOURIST_ID, stampedNow, new Tourist(
                                "Zoë", "O'Brien", "zoe@example.ie", "IE", LocalDate.of(1990, 4, 17), Optional.empty()))),
                argumentSet("an upsert at the edges of every rule",
                        new TouristWrite.Upsert(WRITE_ID, TOURIST_ID, onTheMinute, new Tourist(
                                "\uD801\uDC00".repeat(100), "Ἀθηνᾶ D’Arcy-St. John", "a".repeat(64) + "@" + "d".repeat(185) + ".com",
                                "ZW", LocalDate.of(1900, 1, 1), Optional.of("A".repeat(20))))),
                argumentSet("a delete", new TouristWrite.Delete(WRITE_ID, TOURIST_ID, stampedNow)),
                argumentSet("a delete stamped on the minute", new TouristWrite.Delete(WRITE_ID, TOURIST_ID, onTheMinute)),
                argumentSet("an upsert only if still at a version", new TouristWrite.Upsert(WRITE_ID, TOURIST_ID,
                        stampedNow, ADA, new Precondition.Version(TOURIST_ID))),
                argumentSet("a delete only if the tourist exists", new TouristWrite.Delete(WRITE_ID, TOURIST_ID,
                        stampedNow, Precondition.EXISTS)));
    }

    @ParameterizedTest
    @MethodSource("encodedWrites")
    void conformsToTheSchemaAndDecodesBack(TouristWrite write) throws JsonProcessingException {
        var body = WriteEnvelope.encode(write);

        assertThat(schemaErrors(body)).isEmpty();
        assertThat(decoder.decode(body)).isEqualTo(Validation.valid(write));
    }

    @Test
    void hasExamplesThatConformAndDecode() throws IOException {
        var examples = Json.readTree(Files.readString(SCHEMA_FILE)).get("examples");

        assertThat(examples).hasSize(3);
        for (var example : examples) {
            assertThat(Loaded.SCHEMA.validate(example)).as(example.toString()).isEmpty();
            assertThat(decoder.decode(example.toString())).as(example.toString()).isInstanceOf(Validation.Valid.class);
        }
    }

    // --- what is malformed is refused by both

    private static String upsert(Consumer<ObjectNode> change) {
        var node = tree(WriteEnvelope.encode(new TouristWrite.Upsert(WRITE_ID, TOURIST_ID, NOW.minusSeconds(60), ADA)));
        change.accept(node);
        return node.toString();
    }

    private static String tourist(Consumer<ObjectNode> change) {
        return upsert(envelope -> change.accept((ObjectNode) envelope.get("tourist")));
    }

    private static String delete(Consumer<ObjectNode> change) {
        var node = tree(WriteEnvelope.encode(new TouristWrite.Delete(WRITE_ID, TOURIST_ID, NOW.minusSeconds(60))));
        change.accept(node);
        return node.toString();
    }

    private static ObjectNode tree(String json) {
        try {
            return (ObjectNode) Json.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Stream<Arguments> malformedEnvelopes() {
        return Stream.of(
                argumentSet("an array", "[]"),
                argumentSet("a string", "\"tourist.deleted\""),
                argumentSet("an unknown envelope field", upsert(e -> e.put("priority", "high"))),
                argumentSet("an ifMatch that is neither * nor a UUID", upsert(e -> e.put("ifMatch", "v1"))),
                argumentSet("an ifMatch quoted as an ETag", delete(e -> e.put("ifMatch", "\"" + WRITE_ID + "\""))),
                argumentSet("a numeric ifMatch", delete(e -> e.put("ifMatch", 7))),
                argumentSet("no type", delete(e -> e.remove("type"))),
                argumentSet("no schemaVersion", delete(e -> e.remove("schemaVersion"))),
                argumentSet("no writeId", delete(e -> e.remove("writeId"))),
                argumentSet("no touristId", delete(e -> e.remove("touristId"))),
                argumentSet("no occurredAt", delete(e -> e.remove("occurredAt"))),
                argumentSet("a null writeId", delete(e -> e.putNull("writeId"))),
                argumentSet("an unknown type", delete(e -> e.put("type", "tourist.created"))),
                argumentSet("a numeric type", delete(e -> e.put("type", 1))),
                argumentSet("schemaVersion 2", delete(e -> e.put("schemaVersion", 2))),
                argumentSet("schemaVersion 0", delete(e -> e.put("schemaVersion", 0))),
                argumentSet("schemaVersion as a string", delete(e -> e.put("schemaVersion", "1"))),
                argumentSet("schemaVersion 2^32 + 1", delete(e -> e.put("schemaVersion", 4_294_967_297L))),
                argumentSet("a writeId that is not a UUID", delete(e -> e.put("writeId", "not-a-uuid"))),
                argumentSet("a short-form writeId", delete(e -> e.put("writeId", "1-1-1-1-1"))),
                argumentSet("a writeId without dashes", delete(e -> e.put("writeId", "019cec37b67b7abc8def0123456789ab"))),
                argumentSet("a braced touristId", delete(e -> e.put("touristId", "{" + TOURIST_ID + "}"))),
                argumentSet("a URN touristId", delete(e -> e.put("touristId", "urn:uuid:" + TOURIST_ID))),
                argumentSet("a numeric touristId", delete(e -> e.put("touristId", 42))),
                argumentSet("occurredAt without offset", delete(e -> e.put("occurredAt", "2026-03-14T12:00:00"))),
                argumentSet("occurredAt as a date", delete(e -> e.put("occurredAt", "2026-03-14"))),
                argumentSet("occurredAt with a space", delete(e -> e.put("occurredAt", "2026-03-14 12:00:00Z"))),
                argumentSet("occurredAt in epoch seconds", delete(e -> e.put("occurredAt", 1773489600))),
                argumentSet("occurredAt in month 13", delete(e -> e.put("occurredAt", "2026-13-14T12:00:00Z"))),
                argumentSet("occurredAt on 30 February", delete(e -> e.put("occurredAt", "2026-02-30T12:00:00Z"))),
                argumentSet("occurredAt with ten fractional digits", delete(e -> e.put("occurredAt", "2026-03-14T12:00:00.1234567890Z"))),
                argumentSet("occurredAt offset beyond 18 hours", delete(e -> e.put("occurredAt", "2026-03-14T12:00:00+19:00"))),
                argumentSet("an upsert without tourist", upsert(e -> e.remove("tourist"))),
                argumentSet("an upsert with a null tourist", upsert(e -> e.putNull("tourist"))),
                argumentSet("an upsert with an array tourist", upsert(e -> e.putArray("tourist"))),
                argumentSet("a delete with a tourist", delete(e -> e.set("tourist", tree(upsert(u -> { })).get("tourist")))),
                argumentSet("a delete with a null tourist", delete(e -> e.putNull("tourist"))),
                argumentSet("an unknown tourist field", tourist(t -> t.put("nickname", "Countess"))),
                argumentSet("no firstName", tourist(t -> t.remove("firstName"))),
                argumentSet("no lastName", tourist(t -> t.remove("lastName"))),
                argumentSet("no email", tourist(t -> t.remove("email"))),
                argumentSet("no nationality", tourist(t -> t.remove("nationality"))),
                argumentSet("no dateOfBirth", tourist(t -> t.remove("dateOfBirth"))),
                argumentSet("a null lastName", tourist(t -> t.putNull("lastName"))),
                argumentSet("a numeric firstName", tourist(t -> t.put("firstName", 7))),
                argumentSet("an object email", tourist(t -> t.putObject("email"))),
                argumentSet("an empty firstName", tourist(t -> t.put("firstName", ""))),
                argumentSet("a blank firstName", tourist(t -> t.put("firstName", "   "))),
                argumentSet("a firstName of 101 letters", tourist(t -> t.put("firstName", "a".repeat(101)))),
                argumentSet("a lastName of 101 supplementary letters", tourist(t -> t.put("lastName", "\uD801\uDC00".repeat(101)))),
                argumentSet("a firstName starting with a digit", tourist(t -> t.put("firstName", "1Ada"))),
                argumentSet("a lastName starting with a hyphen", tourist(t -> t.put("lastName", "-Lovelace"))),
                argumentSet("a lastName with an exclamation mark", tourist(t -> t.put("lastName", "Lovelace!"))),
                argumentSet("an email without domain", tourist(t -> t.put("email", "ada@"))),
                argumentSet("an email without dot in the domain", tourist(t -> t.put("email", "ada@example"))),
                argumentSet("an email with two at signs", tourist(t -> t.put("email", "ada@lovelace@example.com"))),
                argumentSet("an email with a space", tourist(t -> t.put("email", "ada lovelace@example.com"))),
                argumentSet("an email with an empty label", tourist(t -> t.put("email", "ada@example..com"))),
                argumentSet("an email with a NUL", tourist(t -> t.put("email", "a\u0000da@example.com"))),
                argumentSet("an email with U+FFFF", tourist(t -> t.put("email", "ada\uFFFF@example.com"))),
                argumentSet("an email with a no-break space", tourist(t -> t.put("email", "a\u00A0da@example.com"))),
                argumentSet("an email with a 65-character local part", tourist(t -> t.put("email", "a".repeat(65) + "@example.com"))),
                argumentSet("an email of 255 characters", tourist(t -> t.put("email", "a".repeat(64) + "@" + "d".repeat(186) + ".com"))),
                argumentSet("a lower-case nationality", tourist(t -> t.put("nationality", "gb"))),
                argumentSet("nationality UK", tourist(t -> t.put("nationality", "UK"))),
                argumentSet("an alpha-3 nationality", tourist(t -> t.put("nationality", "GBR"))),
                argumentSet("a dateOfBirth in 1899", tourist(t -> t.put("dateOfBirth", "1899-12-31"))),
                argumentSet("a dateOfBirth without padding", tourist(t -> t.put("dateOfBirth", "1990-4-17"))),
                argumentSet("a dateOfBirth on 30 February", tourist(t -> t.put("dateOfBirth", "1990-02-30"))),
                argumentSet("a dateOfBirth day first", tourist(t -> t.put("dateOfBirth", "17/04/1990"))),
                argumentSet("a dateOfBirth with a time", tourist(t -> t.put("dateOfBirth", "1990-04-17T00:00:00Z"))),
                argumentSet("a lower-case passportNumber", tourist(t -> t.put("passportNumber", "k1234567"))),
                argumentSet("a passportNumber of 4 characters", tourist(t -> t.put("passportNumber", "1234"))),
                argumentSet("a passportNumber of 21 characters", tourist(t -> t.put("passportNumber", "A".repeat(21)))),
                argumentSet("an empty passportNumber", tourist(t -> t.put("passportNumber", ""))),
                argumentSet("a passportNumber with a hyphen", tourist(t -> t.put("passportNumber", "K123-4567"))));
    }

    @ParameterizedTest
    @MethodSource("malformedEnvelopes")
    void isRefusedByTheSchemaAndByTheConsumer(String body) throws JsonProcessingException {
        assertThat(schemaErrors(body)).as("schema errors").isNotEmpty();
        assertThat(decoder.decode(body)).as("decoded").isInstanceOf(Validation.Invalid.class);
    }

    // --- where the two differ by design (schema/README.md says the same)

    static Stream<Arguments> checkedOnlyByTheConsumer() {
        return Stream.of(
                argumentSet("occurredAt more than 5 minutes ahead",
                        delete(e -> e.put("occurredAt", NOW.plusSeconds(6 * 60).toString()))),
                argumentSet("a dateOfBirth after today", tourist(t -> t.put("dateOfBirth", "2026-03-15"))),
                argumentSet("schemaVersion written as 1.0", delete(e -> e.put("schemaVersion", 1.0))),
                argumentSet("an email of 169 characters but 269 UTF-16 code units",
                        tourist(t -> t.put("email", "a".repeat(64) + "@" + "😀".repeat(100) + ".com"))));
    }

    @ParameterizedTest
    @MethodSource("checkedOnlyByTheConsumer")
    void isRefusedByTheConsumerThoughTheSchemaCannotSay(String body) throws JsonProcessingException {
        assertThat(schemaErrors(body)).as("schema errors").isEmpty();
        assertThat(decoder.decode(body)).as("decoded").isInstanceOf(Validation.Invalid.class);
    }

    static Stream<Arguments> toleratedByTheConsumer() {
        return Stream.of(
                argumentSet("names padded with spaces", tourist(t -> t.put("firstName", " Ada").put("lastName", "Lovelace "))),
                argumentSet("a padded nationality", tourist(t -> t.put("nationality", " GB "))),
                argumentSet("a null passportNumber", tourist(t -> t.putNull("passportNumber"))),
                argumentSet("occurredAt without seconds", delete(e -> e.put("occurredAt", "2026-03-14T12:00Z"))),
                argumentSet("occurredAt in lower case", delete(e -> e.put("occurredAt", "2026-03-14t12:00:00z"))));
    }

    @ParameterizedTest
    @MethodSource("toleratedByTheConsumer")
    void isRefusedByTheStricterSchemaThoughTheConsumerAcceptsIt(String body) throws JsonProcessingException {
        assertThat(schemaErrors(body)).as("schema errors").isNotEmpty();
        assertThat(decoder.decode(body)).as("decoded").isInstanceOf(Validation.Valid.class);
    }
}
