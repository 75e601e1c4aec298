package io.tourists.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.tourists.domain.Tourist;
import io.tourists.domain.TouristRules;
import io.tourists.domain.TouristWrite;
import io.tourists.domain.Validation;
import io.tourists.http.Routes;
import io.tourists.json.Json;
import io.tourists.json.TouristJson;
import io.tourists.queue.WriteEnvelope;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.UUID;

/**
 * Runs the write path once on a sample before the SnapStart snapshot: route, parse, validate, stamp,
 * encode the queue message, serialize the 202. No I/O and no log line: it only loads and initialises the
 * classes a first request would (Jackson above all), so a restored environment answers fast.
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
        var clock = Clock.systemUTC();
        var touristId = SAMPLE_TOURIST_ID;
        Routes.match("PUT", Routes.location(touristId));
        IdKey.keyed(SAMPLE_KEY, "write\nanonymous\nPUT " + Routes.location(touristId) + "\npriming");
        try {
            var tourist = switch (new TouristJson(new TouristRules(clock)).read(Json.readTree(SAMPLE_TOURIST))) {
                case Validation.Valid<Tourist> valid -> valid.value();
                case Validation.Invalid<Tourist> invalid ->
                        throw new IllegalStateException("the priming sample is invalid: " + invalid.errors());
            };
            var write = new TouristWrite.Upsert(SAMPLE_WRITE_ID, touristId, WriteEnvelope.stamp(clock), tourist);
            WriteEnvelope.encode(write);
            return WriteRequests.accepted(write).getBody();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the priming sample is not JSON", e);
        }
    }
}
