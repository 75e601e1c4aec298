package io.tourists.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.tourists.domain.Tourist;
import io.tourists.domain.TouristWrite;
import io.tourists.json.Json;
import io.tourists.lambda.InvocationMetrics;
import io.tourists.local.lambda.LocalContext;
import io.tourists.queue.RecordingWriteQueue;
import io.tourists.testing.OpenApiContract;
import io.tourists.testing.TestIdKey;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The write API's HTTP mapping, driven by the JSON events API Gateway (HTTP API, payload 2.0) sends.
 * The queue is an in-memory recorder: what SQS does with a message is the integration tests' concern.
 */
class ApiFunctionTest {

    private static final Instant NOW = Instant.parse("2026-03-14T12:00:00.123456789Z");
    /** What a write made at {@link #NOW} is stamped with: the database keeps microseconds. */
    private static final Instant STAMP = Instant.parse("2026-03-14T12:00:00.123456Z");
    private static final UUID PATH_ID = UUID.fromString("019cec37-b67b-7123-9456-fedcba987654");
    private static final Tourist ADA =
            new Tourist("Ada", "Lovelace", "ada@example.com", "GB", LocalDate.of(1915, 12, 10), Optional.of("K1234567"));
    private static final Tourist ZOE =
            new Tourist("Zoë", "O'Brien", "zoe@example.ie", "IE", LocalDate.of(1990, 4, 17), Optional.empty());
    private static final String ADA_JSON = """
            {"firstName":"Ada","lastName":"Lovelace","email":"ada@example.com","nationality":"GB",\
            "dateOfBirth":"1915-12-10","passportNumber":"K1234567"}""";

    private final RecordingWriteQueue queue = new RecordingWriteQueue();
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final ApiFunction api =
            new ApiFunction(WriteRequests.sendingTo(queue, TestIdKey.key(), clock), InvocationMetrics.off());

    // --- events: AWS's JSON from src/test/resources/events, with one thing changed where a test says so

    private static APIGatewayV2HTTPEvent post() {
        return EventLoader.loadApiGatewayHttpEvent("events/post-tourist.json");
    }

    private static APIGatewayV2HTTPEvent put() {
        return EventLoader.loadApiGatewayHttpEvent("events/put-tourist.json");
    }

    private static APIGatewayV2HTTPEvent delete() {
        return EventLoader.loadApiGatewayHttpEvent("events/delete-tourist.json");
    }

    private static APIGatewayV2HTTPEvent postWithJwt() {
        return EventLoader.loadApiGatewayHttpEvent("events/post-tourist-jwt.json");
    }

    private static APIGatewayV2HTTPEvent withHeader(APIGatewayV2HTTPEvent event, String name, String value) {
        var headers = new HashMap<>(event.getHeaders());
        if (value == null) {
            headers.remove(name);
        } else {
            headers.put(name, value);
        }
        event.setHeaders(headers);
        return event;
    }

    private static APIGatewayV2HTTPEvent withBody(APIGatewayV2HTTPEvent event, String body) {
        event.setBody(body);
        return body == null ? withHeader(event, "content-length", null)
                : withHeader(event, "content-length", Integer.toString(body.getBytes(StandardCharsets.UTF_8).length));
    }

    private static APIGatewayV2HTTPEvent withRequestLine(APIGatewayV2HTTPEvent event, String method, String path) {
        event.getRequestContext().getHttp().setMethod(method);
        event.getRequestContext().getHttp().setPath(path);
        event.setRawPath(path);
        return event;
    }

    private static APIGatewayV2HTTPEvent withJwtSubject(APIGatewayV2HTTPEvent event, String subject) {
        var claims = new HashMap<>(event.getRequestContext().getAuthorizer().getJwt().getClaims());
        claims.put("sub", subject);
        event.getRequestContext().getAuthorizer().getJwt().setClaims(claims);
        return event;
    }

    // --- what came back

    private APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event) {
        // Every answer in these tests also keeps the published contract (openapi.yaml).
        return OpenApiContract.check(event.getRequestContext().getHttp().getMethod(), event.getRawPath(),
                api.handleRequest(event, new LocalContext("tourists-write-api", 512, Duration.ofSeconds(10))));
    }

    private static JsonNode body(APIGatewayV2HTTPResponse response) {
        try {
            return Json.readTree(response.getBody());
        } catch (JsonProcessingException e) {
            throw new AssertionError("the response body is not JSON: " + response.getBody(), e);
        }
    }

    private static UUID id(APIGatewayV2HTTPResponse response, String field) {
        return UUID.fromString(body(response).get(field).textValue());
    }

    /** A refusal: the status, a problem body, the correlation id, and nothing sent to the queue. */
    private JsonNode assertRefusedWithNothingEnqueued(APIGatewayV2HTTPResponse response, int status) {
        assertThat(response.getStatusCode()).as("status of %s", response.getBody()).isEqualTo(status);
        assertThat(response.getHeaders())
                .containsEntry("content-type", "application/problem+json")
                .containsKey("x-correlation-id");
        var problem = body(response);
        assertThat(problem.get("status").intValue()).isEqualTo(status);
        assertThat(problem.get("title").textValue()).isNotBlank();
        assertThat(queue.sent()).as("enqueued").isEmpty();
        return problem;
    }

    private static JsonNode errorOn(JsonNode problem, String field) {
        for (var error : problem.get("errors")) {
            if (error.get("field").textValue().equals(field)) {
                return error;
            }
        }
        throw new AssertionError("no error on " + field + " in " + problem);
    }

    @Nested
    class AcceptedWrites {

        @ParameterizedTest
        @Event(value = "events/post-tourist.json", type = APIGatewayV2HTTPEvent.class)
        void shouldAnswer202WithTheNewIds_whenPostingAValidTourist(APIGatewayV2HTTPEvent event) {
            var response = handle(event);

            assertThat(response.getStatusCode()).isEqualTo(202);
            assertThat(response.getHeaders())
                    .containsEntry("content-type", "application/json")
                    .containsEntry("location", "/tourists/" + id(response, "touristId"))
                    .containsEntry("x-correlation-id", "Qx9lBgQ8IAMEVHw=");
            var statusUrl = "/tourists/" + id(response, "touristId") + "/writes/" + id(response, "writeId");
            assertThat(response.getHeaders()).containsEntry("link", "<" + statusUrl + ">; rel=\"monitor\"");
            assertThat(body(response).fieldNames()).toIterable()
                    .containsExactly("touristId", "writeId", "status", "statusUrl");
            assertThat(body(response).get("status").textValue()).isEqualTo("accepted");
            assertThat(body(response).get("statusUrl").textValue()).isEqualTo(statusUrl);
        }

        @Test
        void shouldEnqueueTheUpsertTheBodyDescribes_whenPostingAValidTourist() {
            var response = handle(post());

            assertThat(queue.sent()).singleElement().satisfies(sent -> {
                assertThat(sent.write()).isEqualTo(new TouristWrite.Upsert(
                        id(response, "writeId"), id(response, "touristId"), STAMP, ADA));
                assertThat(sent.correlationId()).isEqualTo("Qx9lBgQ8IAMEVHw=");
            });
        }

        @Test
        void shouldMakeTimeOrderedIds_whenPostingWithoutIdempotencyKey() {
            var response = handle(post());

            assertThat(id(response, "touristId").version()).isEqualTo(7);
            assertThat(id(response, "writeId").version()).isEqualTo(7);
        }

        @Test
        void shouldCarryTheCallersCorrelationIdToTheQueue_whenTheHeaderIsSane() {
            var response = handle(withHeader(post(), "x-correlation-id", "checkout-42.retry:1"));

            assertThat(response.getHeaders()).containsEntry("x-correlation-id", "checkout-42.retry:1");
            assertThat(queue.sent()).singleElement().extracting(RecordingWriteQueue.Sent::correlationId)
                    .isEqualTo("checkout-42.retry:1");
        }

        @ParameterizedTest
        @ValueSource(strings = {"two words", "", "a\nnew-line"})
        void shouldUseTheRequestIdAsCorrelationId_whenTheCallersIsNotSane(String correlationId) {
            var response = handle(withHeader(post(), "x-correlation-id", correlationId));

            assertThat(response.getHeaders()).containsEntry("x-correlation-id", "Qx9lBgQ8IAMEVHw=");
            assertThat(queue.sent()).singleElement().extracting(RecordingWriteQueue.Sent::correlationId)
                    .isEqualTo("Qx9lBgQ8IAMEVHw=");
        }

        @Test
        void shouldReplaceTheTouristNamedInThePath_whenPutting() {
            var response = handle(put());

            assertThat(response.getStatusCode()).isEqualTo(202);
            assertThat(id(response, "touristId")).isEqualTo(PATH_ID);
            assertThat(response.getHeaders()).containsEntry("location", "/tourists/" + PATH_ID);
            assertThat(queue.writes()).singleElement()
                    .isEqualTo(new TouristWrite.Upsert(id(response, "writeId"), PATH_ID, STAMP, ZOE));
        }

        @Test
        void shouldEnqueueADelete_whenDeleting() {
            var response = handle(delete());

            assertThat(response.getStatusCode()).isEqualTo(202);
            assertThat(id(response, "touristId")).isEqualTo(PATH_ID);
            assertThat(response.getHeaders()).containsEntry("location", "/tourists/" + PATH_ID);
            assertThat(queue.writes()).singleElement()
                    .isEqualTo(new TouristWrite.Delete(id(response, "writeId"), PATH_ID, STAMP));
        }

        @Test
        void shouldIgnoreTheBodyOfADelete() {
            var response = handle(withHeader(withBody(delete(), "not json"), "content-type", "text/plain"));

            assertThat(response.getStatusCode()).isEqualTo(202);
            assertThat(queue.writes()).singleElement().isInstanceOf(TouristWrite.Delete.class);
        }

        @ParameterizedTest
        @Event(value = "events/post-tourist-base64.json", type = APIGatewayV2HTTPEvent.class)
        void shouldDecodeTheBody_whenApiGatewaySentItBase64Encoded(APIGatewayV2HTTPEvent event) {
            var response = handle(event);

            assertThat(response.getStatusCode()).isEqualTo(202);
            assertThat(queue.writes()).singleElement()
                    .isEqualTo(new TouristWrite.Upsert(id(response, "writeId"), id(response, "touristId"), STAMP, ZOE));
        }

        @ParameterizedTest
        @ValueSource(strings = {"application/json", "application/json; charset=utf-8", "application/json;charset=UTF-8",
                "Application/JSON", "application/json; charset=\"utf-8\""})
        void shouldAcceptJsonInUtf8_whateverTheSpelling(String contentType) {
            assertThat(handle(withHeader(post(), "content-type", contentType)).getStatusCode()).isEqualTo(202);
        }

        @Test
        void shouldAcceptABodyOfExactly16KiB() {
            var body = ADA_JSON.substring(0, ADA_JSON.length() - 1)
                    + " ".repeat(WriteRequests.MAX_BODY_BYTES - ADA_JSON.length()) + "}";
            assertThat(body.getBytes(StandardCharsets.UTF_8)).hasSize(16 * 1024);

            assertThat(handle(withBody(post(), body)).getStatusCode()).isEqualTo(202);
        }
    }

    @Nested
    class IdempotencyKeys {

        @Test
        void shouldGiveTheSameIds_whenTheSameKeyIsSentTwice() {
            var first = handle(withHeader(post(), "idempotency-key", "order-7f3a"));
            var retry = handle(withHeader(post(), "idempotency-key", "order-7f3a"));

            assertThat(body(retry)).isEqualTo(body(first));
            assertThat(queue.writes()).extracting(TouristWrite::writeId)
                    .containsExactly(id(first, "writeId"), id(first, "writeId"));
        }

        @Test
        void shouldGiveDifferentIds_whenTheKeyDiffers() {
            var first = handle(withHeader(post(), "idempotency-key", "order-7f3a"));
            var other = handle(withHeader(post(), "idempotency-key", "order-7f3b"));

            assertThat(id(other, "touristId")).isNotEqualTo(id(first, "touristId"));
            assertThat(id(other, "writeId")).isNotEqualTo(id(first, "writeId"));
        }

        @Test
        void shouldGiveFreshIds_whenThereIsNoKey() {
            var first = handle(post());
            var second = handle(post());

            assertThat(id(second, "touristId")).isNotEqualTo(id(first, "touristId"));
            assertThat(id(second, "writeId")).isNotEqualTo(id(first, "writeId"));
        }

        @Test
        void shouldGiveTheSameIds_whenTheSameJwtSubjectSendsTheSameKeyTwice() {
            var first = handle(postWithJwt());
            var retry = handle(postWithJwt());

            assertThat(first.getStatusCode()).isEqualTo(202);
            assertThat(body(retry)).isEqualTo(body(first));
        }

        @Test
        void shouldGiveDifferentIds_whenAnotherJwtSubjectSendsTheSameKey() {
            var mine = handle(postWithJwt());
            var theirs = handle(withJwtSubject(postWithJwt(), "0f1e2d3c-4b5a-4968-8776-655443322110"));

            assertThat(id(theirs, "touristId")).isNotEqualTo(id(mine, "touristId"));
            assertThat(id(theirs, "writeId")).isNotEqualTo(id(mine, "writeId"));
        }

        @Test
        void shouldGiveDifferentIds_whenTheSameKeyComesWithAndWithoutAJwt() {
            var signedIn = handle(postWithJwt());
            var anonymous = handle(withHeader(post(), "idempotency-key", "order-7f3a"));

            assertThat(id(anonymous, "writeId")).isNotEqualTo(id(signedIn, "writeId"));
        }

        @Test
        void shouldKeepThePathIdAndDeriveTheWriteId_whenAPutIsRetried() {
            var first = handle(put());
            var retry = handle(put());

            assertThat(id(first, "touristId")).isEqualTo(PATH_ID);
            assertThat(id(retry, "writeId")).isEqualTo(id(first, "writeId"));
            assertThat(id(first, "writeId").version()).isEqualTo(8);
        }

        @Test
        void shouldGiveDifferentWriteIds_whenThePutAndDeleteOfOneTouristShareAKey() {
            var replaced = handle(withHeader(put(), "idempotency-key", "shared"));
            var deleted = handle(withHeader(delete(), "idempotency-key", "shared"));

            assertThat(id(deleted, "writeId")).isNotEqualTo(id(replaced, "writeId"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "two words", "clé-1", "tab\tkey"})
        void shouldRefuseAKeyThatIsNotVisibleAscii(String key) {
            var problem = assertRefusedWithNothingEnqueued(handle(withHeader(post(), "idempotency-key", key)), 400);

            assertThat(errorOn(problem, "Idempotency-Key").get("code").textValue()).isEqualTo("invalid");
        }

        @Test
        void shouldAcceptAKeyOf255Characters() {
            assertThat(handle(withHeader(post(), "idempotency-key", "k".repeat(255))).getStatusCode()).isEqualTo(202);
        }

        @Test
        void shouldRefuseAKeyOf256Characters() {
            var problem = assertRefusedWithNothingEnqueued(
                    handle(withHeader(delete(), "idempotency-key", "k".repeat(256))), 400);

            assertThat(errorOn(problem, "Idempotency-Key").get("code").textValue()).isEqualTo("invalid");
        }
    }

    @Nested
    class RefusedBodies {

        @ParameterizedTest
        @ValueSource(strings = {"{\"firstName\":\"Ada\",", "not json", "{'firstName':'Ada'}",
                ADA_JSON + " trailing", ADA_JSON + ADA_JSON})
        void shouldAnswer400_whenTheBodyIsNotJson(String body) {
            var problem = assertRefusedWithNothingEnqueued(handle(withBody(post(), body)), 400);

            assertThat(problem.get("type").textValue()).isEqualTo("urn:tourists:problem:malformed-request");
            assertThat(problem.get("detail").textValue()).startsWith("the body is not JSON");
        }

        @ParameterizedTest
        @ValueSource(strings = {"[" + ADA_JSON + "]", "[]", "\"Ada\"", "42", "null"})
        void shouldAnswer400_whenTheBodyIsJsonButNotAnObject(String body) {
            var problem = assertRefusedWithNothingEnqueued(handle(withBody(post(), body)), 400);

            assertThat(errorOn(problem, "$").get("code").textValue()).isEqualTo("type");
        }

        @Test
        void shouldAnswer400WithFieldErrors_whenTheBodyHasAnUnknownField() {
            var body = ADA_JSON.replace("}", ",\"nickname\":\"Countess\"}");

            var problem = assertRefusedWithNothingEnqueued(handle(withBody(post(), body)), 400);

            assertThat(problem.get("type").textValue()).isEqualTo("urn:tourists:problem:validation-failed");
            assertThat(problem.get("errors")).hasSize(1);
            assertThat(errorOn(problem, "nickname").get("code").textValue()).isEqualTo("unknown");
            assertThat(errorOn(problem, "nickname").get("message").textValue()).isNotBlank();
        }

        @Test
        void shouldAnswer400WithFieldErrors_whenARequiredFieldIsMissing() {
            var body = ADA_JSON.replace("\"email\":\"ada@example.com\",", "");

            var problem = assertRefusedWithNothingEnqueued(handle(withBody(put(), body)), 400);

            assertThat(errorOn(problem, "email").get("code").textValue()).isEqualTo("required");
        }

        @Test
        void shouldReportEveryFieldError_inOneAnswer() {
            var body = """
                    {"firstName":7,"lastName":"Lovelace","email":"ada","nationality":"gb","dateOfBirth":"2026-03-15"}""";

            var problem = assertRefusedWithNothingEnqueued(handle(withBody(post(), body)), 400);

            assertThat(problem.get("errors")).extracting(error -> error.get("field").textValue())
                    .containsExactlyInAnyOrder("firstName", "email", "nationality", "dateOfBirth");
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "   "})
        void shouldAnswer400_whenTheBodyIsEmpty(String body) {
            assertRefusedWithNothingEnqueued(handle(withBody(post(), body)), 400);
        }

        @Test
        void shouldAnswer400_whenThereIsNoBody() {
            assertRefusedWithNothingEnqueued(handle(withHeader(withBody(put(), null), "content-type", null)), 400);
        }

        @Test
        void shouldAnswer400_whenABase64BodyIsNotBase64() {
            var event = withBody(post(), "this is not base64!");
            event.setIsBase64Encoded(true);

            assertRefusedWithNothingEnqueued(handle(event), 400);
        }

        @ParameterizedTest
        @ValueSource(strings = {"text/plain", "application/json; charset=latin1", "application/json; charset=ISO-8859-1",
                "application/xml", "application/x-www-form-urlencoded", "application/jsonx", "multipart/form-data; boundary=x"})
        void shouldAnswer415_whenTheMediaTypeIsNotJsonInUtf8(String contentType) {
            assertRefusedWithNothingEnqueued(handle(withHeader(post(), "content-type", contentType)), 415);
        }

        @Test
        void shouldAnswer415_whenThereIsNoContentType() {
            assertRefusedWithNothingEnqueued(handle(withHeader(post(), "content-type", null)), 415);
        }

        @Test
        void shouldAnswer413_whenTheBodyIsOneByteOver16KiB() {
            var body = ADA_JSON.substring(0, ADA_JSON.length() - 1)
                    + " ".repeat(WriteRequests.MAX_BODY_BYTES + 1 - ADA_JSON.length()) + "}";

            assertRefusedWithNothingEnqueued(handle(withBody(post(), body)), 413);
        }

        @Test
        void shouldCountBytesNotCharacters_whenMeasuringTheBody() {
            // 9,000 characters, 18,000 bytes in UTF-8.
            var body = ADA_JSON.replace("\"Lovelace\"", "\"" + "é".repeat(9_000) + "\"");

            assertRefusedWithNothingEnqueued(handle(withBody(post(), body)), 413);
        }

        @Test
        void shouldAnswer413_whenTheDecodedBase64BodyIsOver16KiB() {
            var json = ADA_JSON.replace("}", " ".repeat(WriteRequests.MAX_BODY_BYTES) + "}");
            var event = withBody(post(), Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8)));
            event.setIsBase64Encoded(true);

            assertRefusedWithNothingEnqueued(handle(event), 413);
        }
    }

    @Nested
    class Routing {

        @ParameterizedTest
        @CsvSource({"PUT, /tourists/not-a-uuid", "DELETE, /tourists/1-1-1-1-1",
                "PUT, /tourists/019cec37b67b71239456fedcba987654"})
        void shouldAnswer400_whenThePathIdIsNotACanonicalUuid(String method, String path) {
            var problem = assertRefusedWithNothingEnqueued(handle(withRequestLine(put(), method, path)), 400);

            assertThat(errorOn(problem, "id").get("code").textValue()).isEqualTo("invalid");
        }

        @ParameterizedTest
        @ValueSource(strings = {"/", "/tourist", "/v1/tourists", "/tourists/019cec37-b67b-7123-9456-fedcba987654/passport"})
        void shouldAnswer404_whenNoRouteHasThePath(String path) {
            var response = handle(withRequestLine(post(), "POST", path));

            assertRefusedWithNothingEnqueued(response, 404);
            OpenApiContract.check("POST", path, response);
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
                "PATCH  | /tourists/019cec37-b67b-7123-9456-fedcba987654 | GET, PUT, DELETE",
                "POST   | /tourists/019cec37-b67b-7123-9456-fedcba987654 | GET, PUT, DELETE",
                "PUT    | /tourists                                      | GET, POST",
                "DELETE | /tourists                                      | GET, POST",
                "POST   | /tourists/changes                              | GET"})
        void shouldAnswer405WithTheAllowedMethods_whenTheMethodDoesNotFitThePath(String method, String path, String allowed) {
            var response = handle(withRequestLine(post(), method, path));

            assertRefusedWithNothingEnqueued(response, 405);
            assertThat(response.getHeaders()).containsEntry("allow", allowed);
            OpenApiContract.check(method, path, response);
        }

        @Test
        void shouldAcceptATrailingSlash() {
            assertThat(handle(withRequestLine(post(), "POST", "/tourists/")).getStatusCode()).isEqualTo(202);
        }

        @Test
        void shouldAnswer500_whenAReadReachesTheWriteFunction() {
            // In AWS, GET /tourists/{id} is routed to the read function; arriving here is a deployment error.
            assertRefusedWithNothingEnqueued(handle(withRequestLine(delete(), "GET", "/tourists/" + PATH_ID)), 500);
        }
    }

    @Nested
    class QueueOutage {

        @Test
        void shouldAnswer503WithRetryAfter_whenTheQueueIsUnavailable() {
            queue.goDown();

            var response = handle(postWithJwt());

            var problem = assertRefusedWithNothingEnqueued(response, 503);
            assertThat(problem.get("type").textValue()).isEqualTo("urn:tourists:problem:temporarily-unavailable");
            assertThat(response.getHeaders()).containsEntry("retry-after", "1");
        }

        @Test
        void shouldAnswer503_whenADeleteCannotBeEnqueued() {
            queue.goDown();

            assertRefusedWithNothingEnqueued(handle(delete()), 503);
        }
    }
}
