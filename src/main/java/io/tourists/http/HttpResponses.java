package io.tourists.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.tourists.domain.FieldError;
import io.tourists.json.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds API Gateway HTTP API (payload 2.0) responses. */
public final class HttpResponses {

    public static final String JSON = "application/json";
    public static final String PROBLEM_JSON = "application/problem+json";
    public static final String CORRELATION_HEADER = "x-correlation-id";
    /** Try again in a second: a 503, and a write status that is still pending. */
    public static final Map<String, String> RETRY_AFTER = Map.of("retry-after", "1");

    private HttpResponses() {
    }

    public static APIGatewayV2HTTPResponse json(int status, Object body, Map<String, String> headers) {
        return response(status, JSON, body, headers);
    }

    public static APIGatewayV2HTTPResponse problem(Problem problem, Map<String, String> headers) {
        return response(problem.status(), PROBLEM_JSON, problem, headers);
    }

    /**
     * A problem whose body carries members of its own beside the RFC 9457 ones (the body's record has them all):
     * which write a 503 was about, or each item of a batch.
     */
    public static APIGatewayV2HTTPResponse problemWithMembers(int status, Object body, Map<String, String> headers) {
        return response(status, PROBLEM_JSON, body, headers);
    }

    /**
     * A representation a client may keep and revalidate: {@code no-cache} (store it, but ask each time) with its
     * {@code ETag}, in place of the default {@code no-store}.
     */
    public static APIGatewayV2HTTPResponse revalidatable(Object body, String etag) {
        return json(200, body, Map.of("cache-control", "no-cache", "etag", etag));
    }

    /** 304 to a matching {@code If-None-Match}: no body, the same validator and caching as the 200. */
    public static APIGatewayV2HTTPResponse notModified(String etag) {
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(304)
                .withHeaders(new LinkedHashMap<>(Map.of("cache-control", "no-cache", "etag", etag)))
                .build();
    }

    public static APIGatewayV2HTTPResponse problem(Problem problem) {
        return problem(problem, Map.of());
    }

    public static APIGatewayV2HTTPResponse notFound(String path) {
        return problem(Problem.of(404, "Not Found", "no resource at " + path));
    }

    public static APIGatewayV2HTTPResponse methodNotAllowed(String method, List<String> allowed) {
        return problem(Problem.of(405, "Method Not Allowed", method + " is not allowed here"),
                Map.of("allow", String.join(", ", allowed)));
    }

    public static APIGatewayV2HTTPResponse badId(String parameter, String rawId) {
        var what = parameter.equals(Routes.WRITE_ID) ? "write id" : "tourist id";
        return problem(new Problem(Problem.MALFORMED, "Bad Request", 400, "the " + what + " in the path is not a UUID",
                List.of(new FieldError(parameter, "invalid", "must be a UUID in canonical form, got '" + rawId + "'"))));
    }

    public static APIGatewayV2HTTPResponse unavailable(String detail) {
        return problem(new Problem(Problem.UNAVAILABLE, "Service Unavailable", 503, detail, List.of()), RETRY_AFTER);
    }

    /**
     * Every answer is JSON of one media type, never stored by a cache unless the route's own headers, put after
     * ours, say otherwise ({@link #revalidatable}).
     */
    private static APIGatewayV2HTTPResponse response(int status, String contentType, Object body,
                                                     Map<String, String> headers) {
        var all = new LinkedHashMap<String, String>();
        all.put("content-type", contentType);
        all.put("cache-control", "no-store");
        all.putAll(headers);
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(status)
                .withHeaders(all)
                .withBody(Json.write(body))
                .build();
    }
}
