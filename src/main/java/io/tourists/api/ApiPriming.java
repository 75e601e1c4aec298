package io.tourists.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.tourists.domain.Tourist;
import io.tourists.domain.TouristRules;
import io.tourists.domain.TouristWrite;
import io.tourists.domain.Validation;
import io.tourists.http.HttpDispatch;
import io.tourists.http.Route;
import io.tourists.http.Routes;
import io.tourists.json.Json;
import io.tourists.json.TouristJson;
import io.tourists.lambda.EventPriming;
import io.tourists.lambda.InvocationMetrics;
import io.tourists.queue.WriteEnvelope;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;

/**
 * Runs the write path once on a sample, during init and again before a SnapStart snapshot: the HTTP dispatch
 * (correlation id, route), parse, validate, stamp, key an id, encode the queue message, serialize the 202.
 * No I/O, no log line and no metric: it only loads, links and initialises what a first request would
 * (Jackson above all), so the first request, on-demand or after a restore, does not pay for it.
 * https://docs.aws.amazon.com/lambda/latest/dg/snapstart-best-practices.html
 */
final class ApiPriming {

    static final String SAMPLE_TOURIST = """
            {"firstName":"Ada","lastName":"Lovelace","email":"ada@example.org","nationality":"GB",
             "dateOfBirth":"1990-12-10","passportNumber":"AB12345"}""";

    /**
     * Fixed ids: nothing random is drawn before the snapshot, which every restored environment shares.
     * https://docs.aws.amazon.com/lambda/latest/dg/snapstart-uniqueness.html
     */
    private static final UUID SAMPLE_TOURIST_ID = UUID.fromString("00000000-0000-7000-8000-000000000001");
    private static final UUID SAMPLE_WRITE_ID = UUID.fromString("00000000-0000-7000-8000-000000000002");
    /** Not the id key, which is never read before the snapshot: a fixed one that loads the HMAC classes. */
    private static final byte[] SAMPLE_KEY = "priming-only-not-the-id-key-0000".getBytes(StandardCharsets.UTF_8);

    private ApiPriming() {
    }

    /** @return the 202 body it built, so tests can see the path really ran */
    static String run() {
        var touristId = SAMPLE_TOURIST_ID;
        var path = Routes.location(touristId);
        var event = APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey("PUT /tourists/{id}")
                .withRawPath(path)
                .withHeaders(Map.of("content-type", "application/json", "x-correlation-id", "priming"))
                .withBody(SAMPLE_TOURIST)
                .withIsBase64Encoded(false)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRequestId("priming")
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("PUT").withPath(path).build())
                        .build())
                .build();
        var response = HttpDispatch.dispatch(event, Route.Function.WRITE_API,
                (found, request, correlationId) -> accepted(found.touristId().orElseThrow(), request.getBody()));
        ApiMetrics.record(response, new WriteTally(), InvocationMetrics.off());
        if (response.getStatusCode() != 202) {
            throw new IllegalStateException("the priming sample was not accepted: " + response.getBody());
        }
        EventPriming.http();
        return response.getBody();
    }

    private static APIGatewayV2HTTPResponse accepted(UUID touristId, String body) {
        var clock = Clock.systemUTC();
        IdKey.keyed(SAMPLE_KEY, "write\nanonymous\nPUT " + Routes.location(touristId) + "\npriming");
        try {
            var tourist = switch (new TouristJson(new TouristRules(clock)).read(Json.readTree(body))) {
                case Validation.Valid<Tourist> valid -> valid.value();
                case Validation.Invalid<Tourist> invalid ->
                        throw new IllegalStateException("the priming sample is invalid: " + invalid.errors());
            };
            var write = new TouristWrite.Upsert(SAMPLE_WRITE_ID, touristId, WriteEnvelope.stamp(clock), tourist);
            WriteEnvelope.encode(write);
            return WriteRequests.accepted(write);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the priming sample is not JSON", e);
        }
    }
}
