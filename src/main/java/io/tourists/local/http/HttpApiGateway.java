package io.tourists.local.http;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.tourists.http.Route;
import io.tourists.local.lambda.ExecutionEnvironments;
import io.tourists.local.lambda.LambdaEvents;
import io.tourists.local.lambda.LocalContext;
import io.tourists.local.template.FunctionDefinition;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.DateGenerator;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The local API Gateway HTTP API: takes real HTTP requests, builds the payload 2.0 event, passes it to the
 * route's function through the Lambda Java runtime's own deserialization, and writes back what API Gateway
 * would make of the function's response. Each function runs in its execution environments, as many at once
 * as its reserved concurrency allows; past that, the request is throttled as on AWS.
 *
 * <p>The server is Jetty, each request on its own virtual thread. It keeps every keep-alive connection until
 * the client closes it or it idles past {@link #IDLE_TIMEOUT}; the JDK's own server closed idle connections
 * past a JVM-wide cap (200) without telling the client, which then saw EOF on its next request. Under overload
 * requests are answered as API Gateway answers them, never dropped: 429 past {@code maxRequestsInFlight}, 503
 * when no environment frees up in time.
 */
public final class HttpApiGateway implements AutoCloseable {

    /** HTTP APIs give up on an integration after 30 s. */
    static final Duration INTEGRATION_TIMEOUT = Duration.ofSeconds(30);
    /** HTTP APIs refuse payloads over 10 MB. */
    static final int MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;
    /**
     * API Gateway's default burst for an account and region is 5,000 requests: past that many requests in
     * flight at once, the local API answers 429 as API Gateway's throttle does.
     */
    public static final int DEFAULT_MAX_REQUESTS_IN_FLIGHT = 5_000;
    /** API Gateway closes a connection idle for 60 s; clients reconnect. */
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);
    /** Connections waiting to be accepted: enough for a thousand clients connecting at once. */
    private static final int ACCEPT_QUEUE = 4_096;
    private static final Duration STOP_GRACE = Duration.ofSeconds(2);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A function behind the API: what the template says of it, and its environments. */
    public record HttpFunction(FunctionDefinition definition,
                               ExecutionEnvironments<RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>> environments) {}

    /** What the gateway reports to its owner. */
    public interface Listener {
        /** @param answeredBy the function that answered, or "API Gateway" when the front answered itself */
        void answered(HttpApiRequest request, HttpApiRoute route, String answeredBy, HttpApiPayloads.Response response,
                      Duration took);

        void notice(String line);
    }

    private final Server server;
    private final ServerConnector connector;
    private final GracefulHandler graceful;
    private final HttpApiRouter router;
    private final Map<Route.Function, HttpFunction> functions;
    private final HttpApiAuthorizer authorizer;
    private final HttpApiPayloads.Api api;
    private final Listener listener;
    private final int maxRequestsInFlight;
    private final AtomicInteger inFlight = new AtomicInteger();

    private HttpApiGateway(Server server, ServerConnector connector, GracefulHandler graceful, Routing routing,
                           HttpApiPayloads.Api api, Listener listener, int maxRequestsInFlight) {
        this.server = server;
        this.connector = connector;
        this.graceful = graceful;
        this.router = routing.router();
        this.functions = Map.copyOf(routing.functions());
        this.authorizer = routing.authorizer();
        this.api = api;
        this.listener = listener;
        this.maxRequestsInFlight = maxRequestsInFlight;
    }

    /**
     * Which route a request takes, the function behind each, and who may call: the built-in routes, open to anyone,
     * unless the template declares its own.
     */
    public record Routing(HttpApiRouter router, Map<Route.Function, HttpFunction> functions,
                          HttpApiAuthorizer authorizer) {
        public static Routing builtIn(Map<Route.Function, HttpFunction> functions) {
            return new Routing(HttpApiRouter.BUILT_IN, functions, HttpApiAuthorizer.OPEN);
        }
    }

    /** Listens on host:port (0 for a free port) and serves requests on virtual threads. */
    public static HttpApiGateway start(String host, int port, Routing routing, HttpApiPayloads.Api api,
                                       Listener listener) throws IOException {
        return start(host, port, routing, api, listener, DEFAULT_MAX_REQUESTS_IN_FLIGHT);
    }

    /** As {@link #start(String, int, Routing, HttpApiPayloads.Api, Listener)}, answering 429 past that many requests at once. */
    public static HttpApiGateway start(String host, int port, Routing routing, HttpApiPayloads.Api api,
                                       Listener listener, int maxRequestsInFlight) throws IOException {
        var threads = new QueuedThreadPool();
        threads.setName("local-api");
        threads.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
        var server = new Server(threads);
        var http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendDateHeader(false);
        // API Gateway hands the function the raw path, malformed escapes included: the function judges them.
        http.setUriCompliance(UriCompliance.UNSAFE);
        var connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
        connector.setAcceptQueueSize(ACCEPT_QUEUE);
        server.addConnector(connector);
        var graceful = new GracefulHandler();
        server.setHandler(graceful);
        var gateway = new HttpApiGateway(server, connector, graceful, routing, api, listener, maxRequestsInFlight);
        graceful.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                gateway.handle(request, response, callback);
                return true;
            }
        });
        try {
            server.start();
        } catch (IOException e) {
            stopQuietly(server);
            throw e;
        } catch (Exception e) {
            stopQuietly(server);
            throw new IOException(e.getMessage(), e);
        }
        return gateway;
    }

    public URI uri() {
        var host = connector.getHost();
        return URI.create("http://" + host + ":" + connector.getLocalPort());
    }

    private void handle(Request jettyRequest, Response jettyResponse, Callback callback) {
        long started = System.nanoTime();
        // The server's threads carry the JVM's class loader. Under `mvn exec:java` the project lives in another
        // one, and the functions' ServiceLoader lookups (Powertools' logging backend) would miss it: run them
        // with the loader that loaded the functions, as Lambda does.
        Thread.currentThread().setContextClassLoader(HttpApiGateway.class.getClassLoader());
        var requestId = newRequestId();
        if (inFlight.incrementAndGet() > maxRequestsInFlight) {
            inFlight.decrementAndGet();
            listener.notice("more than " + maxRequestsInFlight + " requests at once; the API answered 429");
            write(jettyResponse, callback, HttpApiPayloads.error(429, "Too Many Requests", requestId), false);
            return;
        }
        try {
            HttpApiRequest request;
            try {
                request = HttpApiRequest.read(jettyRequest, MAX_PAYLOAD_BYTES + 1);
            } catch (IOException e) {
                // The client went away while sending its body: nobody is left to answer.
                callback.failed(e);
                return;
            }
            var matched = router.route(request.method(), request.rawPath());
            if (matched.isEmpty()) {
                write(jettyResponse, callback, HttpApiPayloads.error(404, "Not Found", requestId), false);
                listener.notice(request.method() + " " + request.rawPath() + " matches no route; the API answered 404");
                return;
            }
            var route = matched.get();
            var function = functions.get(route.function());
            // Who answered, for the request log: the function, or API Gateway itself.
            var answeredBy = "API Gateway";
            var response = request.body().length > MAX_PAYLOAD_BYTES
                    ? HttpApiPayloads.error(413, "Request Entity Too Large", requestId)
                    : switch (authorizer.authorize(request, route, Instant.now())) {
                        case HttpApiAuthorizer.Decision.Refused refused -> HttpApiPayloads.refusal(refused, requestId);
                        case HttpApiAuthorizer.Decision.Allowed allowed -> {
                            answeredBy = function.definition().functionName();
                            yield invoke(function, request, route, allowed.context(), requestId);
                        }
                    };
            write(jettyResponse, callback, response, request.method().equals("HEAD"));
            listener.answered(request, route, answeredBy, response, Duration.ofNanos(System.nanoTime() - started));
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private HttpApiPayloads.Response invoke(HttpFunction function, HttpApiRequest request, HttpApiRoute route,
                                            Map<String, Object> authorizerContext, String requestId) {
        var definition = function.definition();
        var environments = function.environments();
        // Built before an environment is taken, so that nothing thrown here can keep one busy for ever.
        var event = LambdaEvents.httpEvent(HttpApiPayloads.requestEvent(request, route, authorizerContext, api,
                requestId, Instant.now()));
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

    private static void write(Response response, Callback callback, HttpApiPayloads.Response answer, boolean head) {
        response.setStatus(answer.status());
        var headers = response.getHeaders();
        // API Gateway sends header names in lower case. Fields Jetty does not recognise keep the name as written
        // (the function's are lower case already); Content-Length is Jetty's own, from the body.
        headers.add(new HttpField(null, "date", DateGenerator.formatDate(Instant.now())));
        answer.headers().stream()
                .filter(header -> !header.getKey().equalsIgnoreCase("content-length"))
                .forEach(header -> headers.add(new HttpField(null, header.getKey(), header.getValue())));
        var noBody = head || answer.body().length == 0;
        if (noBody) {
            response.write(true, BufferUtil.EMPTY_BUFFER, callback);
        } else {
            headers.put(HttpHeader.CONTENT_LENGTH, answer.body().length);
            response.write(true, ByteBuffer.wrap(answer.body()), callback);
        }
    }

    /** Request ids in the shape API Gateway gives them, e.g. {@code JKJaXmPLvHcESHA=}. */
    private static String newRequestId() {
        var bytes = new byte[10];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    /**
     * Stops taking connections, gives the requests under way up to {@link #STOP_GRACE} to finish (a request
     * arriving meanwhile on an open connection is answered 503), then closes every connection.
     */
    @Override
    public void close() {
        connector.shutdown();
        try {
            graceful.shutdown().get(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // Past the grace, what is still running is cut off, as API Gateway does when a stage goes away.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stopQuietly(server);
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (Exception e) {
            System.err.println("could not stop the HTTP API: " + e);
        }
    }
}
