package io.tourists.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Serves {@link SyncCrudHandler} on 127.0.0.1 the way the local HTTP front serves the functions (the JDK's
 * HttpServer, one virtual thread per request, an API Gateway v2 event per request), with no concurrency cap:
 * every concurrent request is its own invocation, as Lambda scales a synchronous function.
 */
final class SyncCrudServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor();
    private final SyncCrudHandler handler;

    SyncCrudServer(SyncCrudHandler handler) throws IOException {
        this.handler = handler;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(requests);
        server.createContext("/", this::handle);
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            var body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            var event = APIGatewayV2HTTPEvent.builder()
                    .withVersion("2.0")
                    .withRawPath(exchange.getRequestURI().getPath())
                    .withHeaders(Map.of("content-type", String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type"))))
                    .withBody(body)
                    .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                            .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                    .withMethod(exchange.getRequestMethod()).withPath(exchange.getRequestURI().getPath())
                                    .build())
                            .build())
                    .build();
            var response = handler.handleRequest(event, null);
            var bytes = response.getBody().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(response.getStatusCode(), bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        requests.close();
    }
}
