package io.tourists.read;

import io.tourists.db.StoredTourist;
import io.tourists.domain.Tourist;
import io.tourists.domain.WriteVersion;
import io.tourists.http.EntityTags;
import io.tourists.http.HttpResponses;
import io.tourists.http.Routes;
import io.tourists.lambda.EventPriming;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Routes a sample GET and serializes a sample answer before the SnapStart snapshot. No I/O: it loads and
 * initialises what the first request would (the routes, Jackson with java.time).
 * https://docs.aws.amazon.com/lambda/latest/dg/snapstart-best-practices.html
 */
final class ReadPriming {

    /** Fixed ids: nothing random is drawn before the snapshot, which every restored environment shares. */
    private static final UUID SAMPLE_TOURIST_ID = UUID.fromString("00000000-0000-7000-8000-000000000001");
    private static final UUID SAMPLE_WRITE_ID = UUID.fromString("00000000-0000-7000-8000-000000000002");

    private ReadPriming() {
    }

    /** @return the 200 body it built, so tests can see the path really ran */
    static String run() {
        var clock = Clock.systemUTC();
        var touristId = SAMPLE_TOURIST_ID;
        Routes.match("GET", Routes.location(touristId));
        Routes.match("GET", Routes.writeStatus(touristId, SAMPLE_WRITE_ID));
        Routes.match("GET", Routes.COLLECTION);
        Routes.match("GET", Routes.CHANGES);
        HttpResponses.json(200, WriteStatusView.of(touristId, SAMPLE_WRITE_ID, WriteStatusView.APPLIED), Map.of());
        var stored = new StoredTourist(touristId,
                new Tourist("Ada", "Lovelace", "ada@example.org", "GB", LocalDate.of(1990, 12, 10), Optional.empty()),
                new WriteVersion(clock.instant(), SAMPLE_WRITE_ID), clock.instant());
        // The ETag path of a GET: If-None-Match against the tourist's tag (EntityTags links Precondition).
        var etag = EntityTags.of(SAMPLE_WRITE_ID);
        EntityTags.notModified(Optional.of(etag), etag);
        EventPriming.http();
        return HttpResponses.json(200, TouristView.of(stored), Map.of("etag", etag)).getBody();
    }
}
