package io.tourists.ops.load;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tourists.json.Json;
import io.tourists.local.lambda.LambdaEvents;
import io.tourists.local.lambda.LocalContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executors;

/**
 * Just enough of an HTTP API in front of a function for the load generator to aim at: each request becomes the
 * payload 2.0 event API Gateway would send, read by the Lambda runtime's own serializer.
 */
final class WriteApiStub implements AutoCloseable {

    private final HttpServer server;

    private WriteApiStub(HttpServer server) {
        this.server = server;
    }

    static WriteApiStub serving(RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> function) {
        try {
            var server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/", exchange -> answer(exchange, function));
            server.start();
            return new WriteApiStub(server);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private static void answer(HttpExchange exchange,
                               RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> function) throws IOException {
        var body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        var event = Json.MAPPER.createObjectNode()
                .put("version", "2.0").put("routeKey", "$default")
                .put("rawPath", exchange.getRequestURI().getPath()).put("rawQueryString", "")
                .put("body", body).put("isBase64Encoded", false);
        var headers = event.putObject("headers");
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), String.join(",", values)));
        var context = event.putObject("requestContext")
                .put("requestId", UUID.randomUUID().toString()).put("routeKey", "$default").put("stage", "$default")
                .put("timeEpoch", System.currentTimeMillis());
        context.putObject("http").put("method", exchange.getRequestMethod()).put("path", exchange.getRequestURI().getPath())
                .put("protocol", "HTTP/1.1").put("sourceIp", "127.0.0.1").put("userAgent", "load");
        var response = function.handleRequest(LambdaEvents.httpEvent(Json.write(event)),
                new LocalContext("api", 512, Duration.ofSeconds(10)));
        var bytes = response.getBody() == null ? new byte[0] : response.getBody().getBytes(StandardCharsets.UTF_8);
        if (response.getHeaders() != null) {
            response.getHeaders().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        }
        exchange.sendResponseHeaders(response.getStatusCode(), bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
