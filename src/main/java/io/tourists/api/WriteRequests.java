package io.tourists.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.tourists.domain.FieldError;
import io.tourists.domain.Ids;
import io.tourists.domain.Tourist;
import io.tourists.domain.TouristRules;
import io.tourists.domain.TouristWrite;
import io.tourists.domain.Validation;
import io.tourists.http.HttpRequests;
import io.tourists.http.HttpResponses;
import io.tourists.http.Problem;
import io.tourists.http.Route;
import io.tourists.http.Routes;
import io.tourists.json.Json;
import io.tourists.json.TouristJson;
import io.tourists.queue.QueueUnavailableException;
import io.tourists.queue.WriteEnvelope;
import io.tourists.queue.WriteQueue;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

/**
 * The write API's work for one request: check it, stamp it, enqueue it, answer 202. It never opens a
 * database connection.
 */
public final class WriteRequests {

    /** A tourist is a few hundred bytes; anything past this is not one. */
    public static final int MAX_BODY_BYTES = 16 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(WriteRequests.class);
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");

    private final WriteQueue queue;
    private final TouristJson touristJson;
    private final IdKey idKey;
    private final Clock clock;

    public WriteRequests(WriteQueue queue, TouristJson touristJson, IdKey idKey, Clock clock) {
        this.queue = queue;
        this.touristJson = touristJson;
        this.idKey = idKey;
        this.clock = clock;
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
        var route = request.route();
        var pathId = request.touristId();
        var key = HttpRequests.header(event, "idempotency-key");
        if (key.isPresent() && !IDEMPOTENCY_KEY.matcher(key.get()).matches()) {
            return HttpResponses.problem(new Problem(Problem.MALFORMED, "Bad Request", 400,
                    "the Idempotency-Key header is not usable",
                    List.of(new FieldError("Idempotency-Key", "invalid", "must be 1-255 visible ASCII characters"))));
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
            write = new TouristWrite.Delete(ids.writeId(), ids.touristId(), WriteEnvelope.stamp(clock));
        } else {
            switch (tourist(event)) {
                case Body.Refused refused -> {
                    return refused.response();
                }
                case Body.Accepted accepted -> write = new TouristWrite.Upsert(
                        ids.writeId(), ids.touristId(), WriteEnvelope.stamp(clock), accepted.tourist());
            }
        }
        try {
            queue.send(write, correlationId);
        } catch (QueueUnavailableException e) {
            LOG.error("write not accepted: the queue is unavailable", e);
            return HttpResponses.unavailable("the write queue is unavailable; retry with the same Idempotency-Key");
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
     * them. The caller is the authorizer's principal when there is one, so two clients' keys never collide;
     * without an authorizer every caller shares one key space.
     */
    private WriteIds ids(Route route, Optional<UUID> pathId, Optional<String> key, APIGatewayV2HTTPEvent event) {
        if (key.isEmpty()) {
            return new WriteIds(pathId.orElseGet(() -> Ids.newId(clock)), Ids.newId(clock));
        }
        var scope = principal(event) + "\n" + route.method() + " " + pathId.map(Routes::location).orElse(Routes.COLLECTION)
                + "\n" + key.get();
        return new WriteIds(pathId.orElseGet(() -> idKey.derive("tourist\n" + scope)), idKey.derive("write\n" + scope));
    }

    private static String principal(APIGatewayV2HTTPEvent event) {
        var authorizer = event.getRequestContext().getAuthorizer();
        if (authorizer == null) {
            return "anonymous";
        }
        if (authorizer.getJwt() != null && authorizer.getJwt().getClaims() != null
                && authorizer.getJwt().getClaims().get("sub") != null) {
            return "jwt:" + authorizer.getJwt().getClaims().get("sub");
        }
        if (authorizer.getIam() != null && authorizer.getIam().getUserArn() != null) {
            return "iam:" + withoutSession(authorizer.getIam().getUserArn());
        }
        if (authorizer.getLambda() != null && authorizer.getLambda().get("principalId") != null) {
            return "lambda:" + authorizer.getLambda().get("principalId");
        }
        return "anonymous";
    }

    /**
     * An assumed role's ARN ends with a session name that changes from one task or instance of a service to
     * the next ({@code arn:aws:sts::123456789012:assumed-role/Role/i-0abc}): the role is the client, so a retry
     * from another instance of the same service gets the same ids.
     */
    static String withoutSession(String userArn) {
        var marker = ":assumed-role/";
        int role = userArn.indexOf(marker);
        if (role < 0) {
            return userArn;
        }
        int session = userArn.indexOf('/', role + marker.length());
        return session < 0 ? userArn : userArn.substring(0, session);
    }

    private sealed interface Body {
        record Accepted(Tourist tourist) implements Body {}

        record Refused(APIGatewayV2HTTPResponse response) implements Body {}
    }

    /** Checks in the order a client can fix them: size, presence, media type, syntax, then the fields. */
    private Body tourist(APIGatewayV2HTTPEvent event) {
        var raw = event.getBody();
        if (raw != null && raw.length() > MAX_BODY_BYTES * 4 / 3 + 4) {
            return tooLarge();
        }
        String body;
        try {
            body = raw != null && event.getIsBase64Encoded()
                    ? new String(Base64.getDecoder().decode(raw), StandardCharsets.UTF_8)
                    : raw;
        } catch (IllegalArgumentException e) {
            return malformed("the body is marked base64 but is not");
        }
        if (body != null && body.getBytes(StandardCharsets.UTF_8).length > MAX_BODY_BYTES) {
            return tooLarge();
        }
        if (body == null || body.isBlank()) {
            return malformed("a JSON tourist is required in the body");
        }
        var contentType = HttpRequests.header(event, "content-type");
        if (contentType.isEmpty() || !isJson(contentType.get())) {
            return new Body.Refused(HttpResponses.problem(Problem.of(415, "Unsupported Media Type",
                    "send the tourist as application/json (UTF-8), not " + contentType.orElse("no Content-Type"))));
        }
        try {
            return switch (touristJson.read(Json.readTree(body))) {
                case Validation.Valid<Tourist> valid -> new Body.Accepted(valid.value());
                case Validation.Invalid<Tourist> invalid -> new Body.Refused(HttpResponses.problem(new Problem(
                        Problem.VALIDATION, "Bad Request", 400, "the tourist is not valid", invalid.errors())));
            };
        } catch (JsonProcessingException e) {
            return malformed("the body is not JSON: " + Json.describe(e));
        }
    }

    private static boolean isJson(String contentType) {
        var parts = contentType.split(";");
        if (!parts[0].strip().equalsIgnoreCase("application/json")) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            var parameter = parts[i].strip().toLowerCase(Locale.ROOT);
            if (parameter.startsWith("charset=") && !parameter.equals("charset=utf-8")
                    && !parameter.equals("charset=\"utf-8\"")) {
                return false;
            }
        }
        return true;
    }

    private static Body tooLarge() {
        return new Body.Refused(HttpResponses.problem(Problem.of(413, "Content Too Large",
                "a tourist body is at most " + MAX_BODY_BYTES + " bytes")));
    }

    private static Body malformed(String detail) {
        return new Body.Refused(HttpResponses.problem(
                new Problem(Problem.MALFORMED, "Bad Request", 400, detail, List.of())));
    }
}
