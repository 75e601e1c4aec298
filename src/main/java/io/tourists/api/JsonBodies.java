package io.tourists.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.tourists.http.HttpRequests;
import io.tourists.http.HttpResponses;
import io.tourists.http.Problem;
import io.tourists.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Reads a request's JSON body, checking in the order a client can fix things: size, presence, media type,
 * syntax. What the JSON must hold is the caller's to check.
 */
final class JsonBodies {

    private JsonBodies() {
    }

    /** The body as JSON, or the 4xx answer that refuses it. */
    sealed interface Read {
        record Parsed(JsonNode json) implements Read {}

        record Refused(APIGatewayV2HTTPResponse response) implements Read {}
    }

    /**
     * @param maxBytes the largest body taken, in UTF-8 bytes
     * @param noun     what the body is, in the problem's detail: "tourist", "batch"
     */
    static Read read(APIGatewayV2HTTPEvent event, int maxBytes, String noun) {
        var raw = event.getBody();
        if (raw != null && raw.length() > maxBytes * 4L / 3 + 4) {
            return tooLarge(maxBytes, noun);
        }
        String body;
        try {
            body = raw != null && event.getIsBase64Encoded()
                    ? new String(Base64.getDecoder().decode(raw), StandardCharsets.UTF_8)
                    : raw;
        } catch (IllegalArgumentException e) {
            return malformed("the body is marked base64 but is not");
        }
        if (body != null && body.getBytes(StandardCharsets.UTF_8).length > maxBytes) {
            return tooLarge(maxBytes, noun);
        }
        if (body == null || body.isBlank()) {
            return malformed("a JSON " + noun + " is required in the body");
        }
        var contentType = HttpRequests.header(event, "content-type");
        if (contentType.isEmpty() || !isJson(contentType.get())) {
            return new Read.Refused(HttpResponses.problem(Problem.of(415, "Unsupported Media Type",
                    "send the " + noun + " as application/json (UTF-8), not " + contentType.orElse("no Content-Type"))));
        }
        try {
            return new Read.Parsed(Json.readTree(body));
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

    private static Read tooLarge(int maxBytes, String noun) {
        return new Read.Refused(HttpResponses.problem(Problem.of(413, "Content Too Large",
                "a " + noun + " body is at most " + maxBytes + " bytes")));
    }

    static Read malformed(String detail) {
        return new Read.Refused(HttpResponses.problem(
                new Problem(Problem.MALFORMED, "Bad Request", 400, detail, List.of())));
    }
}
