package io.tourists.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.tourists.domain.Ids;
import io.tourists.domain.Precondition;
import io.tourists.domain.Tourist;
import io.tourists.domain.TouristRules;
import io.tourists.domain.TouristWrite;
import io.tourists.domain.Validation;
import io.tourists.http.EntityTags;
import io.tourists.http.HttpRequests;
import io.tourists.http.HttpResponses;
import io.tourists.http.Problem;
import io.tourists.http.Route;
import io.tourists.http.Routes;
import io.tourists.json.TouristJson;
import io.tourists.queue.Delivery;
import io.tourists.queue.QueueUnavailableException;
import io.tourists.queue.WriteEnvelope;
import io.tourists.queue.WriteQueue;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static io.tourists.config.LogFields.entry;

/**
 * The write API's work for one request: check it, stamp it, enqueue it, answer 202. It never opens a
 * database connection. {@code POST /tourists/batch} is {@link BatchWrites}'s.
 */
public final class WriteRequests {

    /** A tourist is a few hundred bytes; anything past this is not one. */
    public static final int MAX_BODY_BYTES = 16 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(WriteRequests.class);

    private final WriteQueue queue;
    private final TouristJson touristJson;
    private final IdKey idKey;
    private final Clock clock;
    private final BatchWrites batch;

    public WriteRequests(WriteQueue queue, TouristJson touristJson, IdKey idKey, Clock clock) {
        this(queue, touristJson, idKey, clock, BatchWrites.SEND_BUDGET);
    }

    /** Tests: a batch request gets {@code batchBudget} to send in, from its start. */
    WriteRequests(WriteQueue queue, TouristJson touristJson, IdKey idKey, Clock clock, Duration batchBudget) {
        this.queue = queue;
        this.touristJson = touristJson;
        this.idKey = idKey;
        this.clock = clock;
        this.batch = new BatchWrites(queue, touristJson, idKey, clock, batchBudget);
    }

    /**
     * The write API with the project's one set of tourist rules, sending to this queue; ids derived from an
     * Idempotency-Key are keyed with this key.
     */
    public static WriteRequests sendingTo(WriteQueue queue, IdKey idKey, Clock clock) {
        return new WriteRequests(queue, new TouristJson(new TouristRules(clock)), idKey, clock);
    }

    public APIGatewayV2HTTPResponse handle(Routes.Match.Found request, APIGatewayV2HTTPEvent event,
                                           String correlationId) {
        return handle(request, event, correlationId, new WriteTally());
    }

    /** The same, counting a batch's writes one by one in {@code tally} for the metrics. */
    APIGatewayV2HTTPResponse handle(Routes.Match.Found request, APIGatewayV2HTTPEvent event, String correlationId,
                                    WriteTally tally) {
        var route = request.route();
        if (route == Route.BATCH) {
            return batch.handle(event, correlationId, tally);
        }
        var pathId = request.touristId();
        Optional<String> key;
        switch (Callers.idempotencyKey(event)) {
            case Callers.Key.Refused refused -> {
                return refused.response();
            }
            case Callers.Key.Given given -> key = given.key();
        }
        var precondition = Precondition.NONE;
        if (route == Route.REPLACE || route == Route.DELETE) {
            switch (EntityTags.ifMatch(HttpRequests.header(event, EntityTags.IF_MATCH))) {
                case EntityTags.IfMatch.Malformed malformed -> {
                    return HttpResponses.problem(malformed.problem());
                }
                case EntityTags.IfMatch.Read read -> precondition = read.precondition();
            }
        }
        WriteIds ids;
        try {
            ids = ids(route, pathId, key, event);
        } catch (IdKey.Unavailable e) {
            LOG.error("write not accepted: the id key could not be read", e);
            return HttpResponses.unavailable("the service cannot derive ids now; retry with the same Idempotency-Key");
        }
        TouristWrite write;
        if (route == Route.DELETE) {
            write = new TouristWrite.Delete(ids.writeId(), ids.touristId(), WriteEnvelope.stamp(clock), precondition);
        } else {
            switch (tourist(event)) {
                case Body.Refused refused -> {
                    return refused.response();
                }
                case Body.Accepted accepted -> write = new TouristWrite.Upsert(
                        ids.writeId(), ids.touristId(), WriteEnvelope.stamp(clock), accepted.tourist(), precondition);
            }
        }
        try {
            queue.send(write, correlationId);
        } catch (QueueUnavailableException e) {
            if (e.delivery() == Delivery.NOT_SENT) {
                LOG.error("write not sent: the queue is unavailable", e);
                return QueueAnswers.notSent(key.isPresent());
            }
            LOG.error("write outcome unknown: the queue did not confirm it", entry("writeId", write.writeId()),
                    entry("touristId", write.touristId()), e);
            return QueueAnswers.outcomeUnknown(write, route, key.isPresent());
        }
        LOG.info("write accepted", entry("writeId", write.writeId()), entry("touristId", write.touristId()),
                entry("type", WriteEnvelope.typeOf(write)));
        return accepted(write);
    }

    /** 202: where the tourist is ({@code Location}) and where to follow the write ({@code Link}, the body). */
    static APIGatewayV2HTTPResponse accepted(TouristWrite write) {
        var statusUrl = Routes.writeStatus(write.touristId(), write.writeId());
        return HttpResponses.json(202,
                new Accepted(write.touristId(), write.writeId(), "accepted", statusUrl),
                Map.of("location", Routes.location(write.touristId()),
                        "link", "<" + statusUrl + ">; rel=\"monitor\""));
    }

    /**
     * The 202 body. {@code statusUrl} (also in the {@code Link} header, relation "monitor", RFC 5989) says what
     * became of the write; {@code Location} stays the tourist's own URL.
     */
    public record Accepted(UUID touristId, UUID writeId, String status, String statusUrl) {}

    private record WriteIds(UUID touristId, UUID writeId) {}

    /**
     * With an Idempotency-Key, the ids are derived from (caller, route, key) under the server's secret key: a
     * retry gets the same ids, the consumer applies the writeId once, and nobody without the secret can compute
     * them ({@link Callers}).
     */
    private WriteIds ids(Route route, Optional<UUID> pathId, Optional<String> key, APIGatewayV2HTTPEvent event) {
        if (key.isEmpty()) {
            return new WriteIds(pathId.orElseGet(() -> Ids.newId(clock)), Ids.newId(clock));
        }
        var scope = Callers.principal(event) + "\n" + route.method() + " "
                + pathId.map(Routes::location).orElse(Routes.COLLECTION) + "\n" + key.get();
        return new WriteIds(pathId.orElseGet(() -> idKey.derive("tourist\n" + scope)), idKey.derive("write\n" + scope));
    }

    private sealed interface Body {
        record Accepted(Tourist tourist) implements Body {}

        record Refused(APIGatewayV2HTTPResponse response) implements Body {}
    }

    /** Checks in the order a client can fix them: size, presence, media type, syntax, then the fields. */
    private Body tourist(APIGatewayV2HTTPEvent event) {
        return switch (JsonBodies.read(event, MAX_BODY_BYTES, "tourist")) {
            case JsonBodies.Read.Refused refused -> new Body.Refused(refused.response());
            case JsonBodies.Read.Parsed parsed -> switch (touristJson.read(parsed.json())) {
                case Validation.Valid<Tourist> valid -> new Body.Accepted(valid.value());
                case Validation.Invalid<Tourist> invalid -> new Body.Refused(HttpResponses.problem(new Problem(
                        Problem.VALIDATION, "Bad Request", 400, "the tourist is not valid", invalid.errors())));
            };
        };
    }
}
