package io.tourists.local.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tourists.json.Json;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * API Gateway HTTP API's side of a Lambda proxy integration, payload format 2.0: the event JSON it builds
 * from a request, and how it reads the function's response JSON.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
 */
public final class HttpApiPayloads {

    /** The identity of the local API, where API Gateway would put its own. */
    public record Api(String apiId, String accountId) {}

    /** What goes back to the client. */
    public record Response(int status, List<Map.Entry<String, String>> headers, byte[] body) {}

    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.US).withZone(ZoneOffset.UTC);

    private HttpApiPayloads() {
    }

    /**
     * The event API Gateway sends: header names in lower case, repeated headers and query parameters
     * joined with commas, cookies in their own array, the body base64-encoded unless it is text.
     */
    public static String requestEvent(HttpApiRequest request, HttpApiRoute route, Api api, String requestId,
                                      Instant time) {
        return requestEvent(request, route, Map.of(), api, requestId, time);
    }

    /**
     * As {@link #requestEvent(HttpApiRequest, HttpApiRoute, Api, String, Instant)}, with what the route's authorizer
     * found in {@code requestContext.authorizer} (absent when the route is open to anyone).
     */
    public static String requestEvent(HttpApiRequest request, HttpApiRoute route, Map<String, Object> authorizer,
                                      Api api, String requestId, Instant time) {
        var event = Json.MAPPER.createObjectNode()
                .put("version", "2.0")
                .put("routeKey", route.routeKey())
                .put("rawPath", request.rawPath())
                .put("rawQueryString", request.rawQuery() == null ? "" : request.rawQuery());
        var cookies = cookies(request);
        if (!cookies.isEmpty()) {
            var array = event.putArray("cookies");
            cookies.forEach(array::add);
        }
        var headers = event.putObject("headers");
        headers(request).forEach(headers::put);
        var query = queryParameters(request.rawQuery());
        if (!query.isEmpty()) {
            var parameters = event.putObject("queryStringParameters");
            query.forEach(parameters::put);
        }
        if (!route.pathParameters().isEmpty()) {
            var parameters = event.putObject("pathParameters");
            route.pathParameters().forEach(parameters::put);
        }
        requestContext(event.putObject("requestContext"), request, route, authorizer, api, requestId, time);
        if (request.body().length > 0) {
            var text = isText(request.header("content-type").orElse(null));
            event.put("body", text ? new String(request.body(), StandardCharsets.UTF_8)
                    : Base64.getEncoder().encodeToString(request.body()));
            event.put("isBase64Encoded", !text);
        } else {
            event.put("isBase64Encoded", false);
        }
        return Json.write(event);
    }

    private static void requestContext(ObjectNode context, HttpApiRequest request, HttpApiRoute route,
                                       Map<String, Object> authorizer, Api api, String requestId, Instant time) {
        var domainName = request.header("host").map(host -> host.replaceFirst(":\\d+$", "")).orElse("localhost");
        context.put("accountId", api.accountId())
                .put("apiId", api.apiId());
        if (!authorizer.isEmpty()) {
            context.set("authorizer", Json.MAPPER.valueToTree(authorizer));
        }
        context.put("domainName", domainName)
                .put("domainPrefix", domainName.split("\\.")[0]);
        context.putObject("http")
                .put("method", request.method())
                .put("path", request.rawPath())
                .put("protocol", request.protocol())
                .put("sourceIp", request.sourceIp())
                .put("userAgent", request.header("user-agent").orElse(""));
        context.put("requestId", requestId)
                .put("routeKey", route.routeKey())
                .put("stage", "$default")
                .put("time", REQUEST_TIME.format(time))
                .put("timeEpoch", time.toEpochMilli());
    }

    private static Map<String, String> headers(HttpApiRequest request) {
        var headers = new LinkedHashMap<String, String>();
        request.headers().forEach((name, values) -> {
            var lower = name.toLowerCase(Locale.ROOT);
            if (!lower.equals("cookie")) {
                headers.merge(lower, String.join(",", values), (a, b) -> a + "," + b);
            }
        });
        // What API Gateway adds in front of every integration.
        headers.putIfAbsent("x-forwarded-for", request.sourceIp());
        headers.putIfAbsent("x-forwarded-proto", "http");
        return headers;
    }

    private static List<String> cookies(HttpApiRequest request) {
        var cookies = new ArrayList<String>();
        request.headers().forEach((name, values) -> {
            if (name.equalsIgnoreCase("cookie")) {
                values.forEach(value -> {
                    for (var cookie : value.split(";")) {
                        if (!cookie.isBlank()) {
                            cookies.add(cookie.strip());
                        }
                    }
                });
            }
        });
        return cookies;
    }

    static Map<String, String> queryParameters(String rawQuery) {
        var parameters = new LinkedHashMap<String, String>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        for (var pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            var name = decode(equals < 0 ? pair : pair.substring(0, equals));
            var value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            parameters.merge(name, value, (a, b) -> a + "," + b);
        }
        return parameters;
    }

    /** Text bodies pass as they are; anything else (or no content type at all) is base64-encoded. */
    static boolean isText(String contentType) {
        if (contentType == null) {
            return false;
        }
        var mime = contentType.split(";")[0].strip().toLowerCase(Locale.ROOT);
        return mime.startsWith("text/") || mime.equals("application/json") || mime.endsWith("+json")
                || mime.equals("application/xml") || mime.endsWith("+xml") || mime.equals("application/javascript");
    }

    /**
     * Reads the function's response as API Gateway does for payload 2.0: a JSON object with a statusCode is
     * the response; anything else is taken as a 200 JSON body. Cookies become set-cookie headers.
     */
    public static Response response(String functionJson, String requestId) {
        JsonNode node;
        try {
            node = Json.readTree(functionJson);
        } catch (JsonProcessingException e) {
            return error(500, "Internal Server Error", requestId);
        }
        var headers = new ArrayList<Map.Entry<String, String>>();
        headers.add(Map.entry("apigw-requestid", requestId));
        if (!node.isObject() || !node.has("statusCode")) {
            headers.add(Map.entry("content-type", "application/json"));
            return new Response(200, headers, functionJson.getBytes(StandardCharsets.UTF_8));
        }
        node.path("headers").properties().forEach(header -> {
            if (!header.getValue().isNull()) {
                headers.add(Map.entry(header.getKey(), header.getValue().asText()));
            }
        });
        node.path("cookies").forEach(cookie -> headers.add(Map.entry("set-cookie", cookie.asText())));
        var body = node.path("body");
        byte[] bytes;
        try {
            bytes = body.isMissingNode() || body.isNull() ? new byte[0]
                    : node.path("isBase64Encoded").asBoolean(false) ? Base64.getDecoder().decode(body.asText())
                    : body.asText().getBytes(StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return error(500, "Internal Server Error", requestId);
        }
        return new Response(node.path("statusCode").asInt(), headers, bytes);
    }

    /** API Gateway's own answer when it cannot get one from the function. */
    public static Response error(int status, String message, String requestId) {
        var body = Json.MAPPER.createObjectNode().put("message", message);
        return new Response(status, List.of(Map.entry("apigw-requestid", requestId),
                Map.entry("content-type", "application/json")), Json.write(body).getBytes(StandardCharsets.UTF_8));
    }

    /** API Gateway's own refusal of an unauthorized request: its {"message"} body, and any header it adds. */
    static Response refusal(HttpApiAuthorizer.Decision.Refused refused, String requestId) {
        var answer = error(refused.status(), refused.message(), requestId);
        var headers = new ArrayList<>(answer.headers());
        headers.addAll(refused.headers());
        return new Response(answer.status(), List.copyOf(headers), answer.body());
    }

    /** Percent-decoding that keeps a malformed escape as written, as the function should then judge it. */
    static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return text;
        }
    }
}
