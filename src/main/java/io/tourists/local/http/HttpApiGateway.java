package io.tourists.local.http;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tourists.http.Route;
import io.tourists.local.lambda.ExecutionEnvironments;
import io.tourists.local.lambda.LambdaEvents;
import io.tourists.local.lambda.LocalContext;
import io.tourists.local.template.FunctionDefinition;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The local API Gateway HTTP API: takes real HTTP requests, builds the payload 2.0 event, passes it to the
 * route's function through the Lambda Java runtime's own deserialization, and writes back what API Gateway
 * would make of the function's response. Each function runs in its execution environments, as many at once
 * as its reserved concurrency allows; past that, the request is throttled as on AWS.
 */
public final class HttpApiGateway implements AutoCloseable {

    /** HTTP APIs give up on an integration after 30 s. */
    static final Duration INTEGRATION_TIMEOUT = Duration.ofSeconds(30);
    /** HTTP APIs refuse payloads over 10 MB. */
    static final int MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;
    private static final int STOP_GRACE_SECONDS = 2;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A function behind the API: what the template says of it, and its environments. */
    public record HttpFunction(FunctionDefinition definition,
                               ExecutionEnvironments<RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>> environments) {}

    /** What the gateway reports to its owner. */
    public interface Listener {
        void answered(HttpApiRequest request, HttpApiRoute route, String functionName, int status, Duration took);

        void notice(String line);
    }

    private final HttpServer server;
    private final ExecutorService requests;
    private final Map<Route.Function, HttpFunction> functions;
    private final HttpApiPayloads.Api api;
    private final Listener listener;

    private HttpApiGateway(HttpServer server, ExecutorService requests, Map<Route.Function, HttpFunction> functions,
                           HttpApiPayloads.Api api, Listener listener) {
        this.server = server;
        this.requests = requests;
        this.functions = Map.copyOf(functions);
        this.api = api;
        this.listener = listener;
    }

    /** Listens on host:port (0 for a free port) and serves requests on virtual threads. */
    public static HttpApiGateway start(String host, int port, Map<Route.Function, HttpFunction> functions,
                                       HttpApiPayloads.Api api, Listener listener) throws IOException {
        var server = HttpServer.create(new InetSocketAddress(host, port), 0);
        var requests = Executors.newVirtualThreadPerTaskExecutor();
        var gateway = new HttpApiGateway(server, requests, functions, api, listener);
        server.setExecutor(requests);
        server.createContext("/", gateway::handle);
        server.start();
        return gateway;
    }

    public URI uri() {
        var address = server.getAddress();
        return URI.create("http://" + address.getHostString() + ":" + address.getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            long started = System.nanoTime();
            // The JDK's dispatcher thread hands its threads the JVM's class loader. Under `mvn exec:java` the
            // project lives in another one, and the functions' ServiceLoader lookups (Powertools' logging
            // backend) would miss it: run them with the loader that loaded the functions, as Lambda does.
            Thread.currentThread().setContextClassLoader(HttpApiGateway.class.getClassLoader());
            var requestId = newRequestId();
            var uri = exchange.getRequestURI();
            var body = readAtMost(exchange.getRequestBody(), MAX_PAYLOAD_BYTES + 1);
            var request = new HttpApiRequest(exchange.getRequestMethod(), uri.getRawPath(), uri.getRawQuery(),
                    exchange.getProtocol(), exchange.getRemoteAddress().getAddress().getHostAddress(),
                    new LinkedHashMap<>(exchange.getRequestHeaders()), body);
            var route = HttpApiRoute.of(request.method(), request.rawPath());
            var function = functions.get(route.function());
            var response = body.length > MAX_PAYLOAD_BYTES
                    ? HttpApiPayloads.error(413, "Request Entity Too Large", requestId)
                    : invoke(function, request, route, requestId);
            write(exchange, response, request.method().equals("HEAD"));
            listener.answered(request, route, function.definition().functionName(), response.status(),
                    Duration.ofNanos(System.nanoTime() - started));
        }
    }

    private HttpApiPayloads.Response invoke(HttpFunction function, HttpApiRequest request, HttpApiRoute route,
                                            String requestId) {
        var definition = function.definition();
        var environments = function.environments();
        // Built before an environment is taken, so that nothing thrown here can keep one busy for ever.
        var event = LambdaEvents.httpEvent(HttpApiPayloads.requestEvent(request, route, api, requestId, Instant.now()));
        var limit = definition.timeout().compareTo(INTEGRATION_TIMEOUT) < 0 ? definition.timeout() : INTEGRATION_TIMEOUT;
        ExecutionEnvironments.Environment<RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>> environment;
        try {
            // Reserved concurrency throttles at once, as on Lambda. Without it Lambda would start another
            // environment; here, past what this machine runs, the request waits for one as long as API Gateway's
            // integration timeout leaves room for the function's own.
            var patience = definition.reservedConcurrency().isPresent() ? Duration.ZERO : INTEGRATION_TIMEOUT.minus(limit);
            var acquired = environments.acquire(patience);
            if (acquired.isEmpty()) {
                if (definition.reservedConcurrency().isPresent()) {
                    listener.notice(definition.functionName() + " throttled: all " + environments.limit().orElse(0)
                            + " environments its reserved concurrency allows are busy");
                    return HttpApiPayloads.error(500, "Internal Server Error", requestId);
                }
                listener.notice(definition.functionName() + ": no environment free within " + patience.toSeconds()
                        + " s; the API answered 503");
                return HttpApiPayloads.error(503, "Service Unavailable", requestId);
            }
            environment = acquired.get();
        } catch (RuntimeException e) {
            listener.notice(definition.functionName() + " could not start: " + e);
            return HttpApiPayloads.error(500, "Internal Server Error", requestId);
        }
        // Completes when the handler has returned or thrown, even long after the invocation timed out.
        var ended = new CompletableFuture<Void>();
        var executor = Executors.newVirtualThreadPerTaskExecutor();
        try {
            var future = executor.submit(() -> {
                try {
                    return LambdaEvents.httpResponseJson(environment.handler().handleRequest(event,
                            new LocalContext(definition.functionName(), definition.memoryMb(), definition.timeout())));
                } finally {
                    ended.complete(null);
                }
            });
            var json = future.get(limit.toMillis(), TimeUnit.MILLISECONDS);
            environments.release(environment);
            return HttpApiPayloads.response(json, requestId);
        } catch (TimeoutException e) {
            // Lambda stops a function at its timeout and starts the next invocation in a fresh environment.
            environments.discard(environment, ended);
            listener.notice(definition.functionName() + " timed out after " + limit.toSeconds() + " s");
            return limit.equals(INTEGRATION_TIMEOUT)
                    ? HttpApiPayloads.error(503, "Service Unavailable", requestId)
                    : HttpApiPayloads.error(500, "Internal Server Error", requestId);
        } catch (ExecutionException e) {
            environments.release(environment);
            listener.notice(definition.functionName() + " failed: " + e.getCause());
            return HttpApiPayloads.error(500, "Internal Server Error", requestId);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            environments.discard(environment, ended);
            return HttpApiPayloads.error(503, "Service Unavailable", requestId);
        } finally {
            executor.shutdownNow();
        }
    }

    private static void write(HttpExchange exchange, HttpApiPayloads.Response response, boolean head)
            throws IOException {
        var headers = exchange.getResponseHeaders();
        response.headers().forEach(header -> headers.add(header.getKey(), header.getValue()));
        var noBody = head || response.body().length == 0;
        exchange.sendResponseHeaders(response.status(), noBody ? -1 : response.body().length);
        if (!noBody) {
            try (var out = exchange.getResponseBody()) {
                out.write(response.body());
            }
        }
    }

    private static byte[] readAtMost(InputStream in, int limit) throws IOException {
        var bytes = in.readNBytes(limit);
        in.transferTo(OutputStream.nullOutputStream());
        return bytes;
    }

    /** Request ids in the shape API Gateway gives them, e.g. {@code JKJaXmPLvHcESHA=}. */
    private static String newRequestId() {
        var bytes = new byte[10];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** Stops taking requests, gives those under way a moment to finish, and stops. */
    @Override
    public void close() {
        server.stop(STOP_GRACE_SECONDS);
        requests.shutdownNow();
    }
}
