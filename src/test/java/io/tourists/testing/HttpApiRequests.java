package io.tourists.testing;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.tourists.json.Json;
import io.tourists.local.lambda.LambdaEvents;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

/** HTTP API payload 2.0 events in the shape API Gateway sends, read through the Lambda runtime's serializer. */
public final class HttpApiRequests {

    private HttpApiRequests() {
    }

    /** {@code target} is a path, with a query string after '?' if any (decoded as API Gateway does). */
    public static APIGatewayV2HTTPEvent request(String method, String target, Map<String, String> headers,
                                                String body) {
        int mark = target.indexOf('?');
        var path = mark < 0 ? target : target.substring(0, mark);
        var rawQuery = mark < 0 ? "" : target.substring(mark + 1);
        var root = Json.MAPPER.createObjectNode()
                .put("version", "2.0")
                .put("routeKey", "$default")
                .put("rawPath", path)
                .put("rawQueryString", rawQuery);
        if (!rawQuery.isEmpty()) {
            var parameters = root.putObject("queryStringParameters");
            for (var pair : rawQuery.split("&")) {
                int equals = pair.indexOf('=');
                var name = equals < 0 ? pair : pair.substring(0, equals);
                var value = equals < 0 ? "" : pair.substring(equals + 1);
                parameters.put(URLDecoder.decode(name, StandardCharsets.UTF_8),
                        URLDecoder.decode(value, StandardCharsets.UTF_8));
            }
        }
        var allHeaders = root.putObject("headers")
                .put("host", "abc123.execute-api.us-east-1.amazonaws.com")
                .put("user-agent", "integration-test");
        headers.forEach(allHeaders::put);
        var context = root.putObject("requestContext")
                .put("accountId", "123456789012")
                .put("apiId", "abc123")
                .put("domainName", "abc123.execute-api.us-east-1.amazonaws.com")
                .put("domainPrefix", "abc123")
                .put("requestId", UUID.randomUUID().toString())
                .put("routeKey", "$default")
                .put("stage", "$default")
                .put("time", "23/Nov/2026:10:15:30 +0000")
                .put("timeEpoch", 1795428930000L);
        context.putObject("http")
                .put("method", method)
                .put("path", path)
                .put("protocol", "HTTP/1.1")
                .put("sourceIp", "127.0.0.1")
                .put("userAgent", "integration-test");
        if (body != null) {
            root.put("body", body);
        }
        root.put("isBase64Encoded", false);
        return LambdaEvents.httpEvent(Json.write(root));
    }

    public static APIGatewayV2HTTPEvent json(String method, String path, String body, Map<String, String> headers) {
        var all = new java.util.HashMap<>(headers);
        all.put("content-type", "application/json");
        return request(method, path, all, body);
    }
}
