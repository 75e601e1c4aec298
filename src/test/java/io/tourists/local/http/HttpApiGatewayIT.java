package io.tourists.local.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.tourists.http.Route;
import io.tourists.local.lambda.ExecutionEnvironments;
import io.tourists.local.template.FunctionDefinition;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The local HTTP API over real HTTP, with stand-in functions: what reaches a function from a real request,
 * and API Gateway's own answers when a function is throttled, fails or times out.
 */
class HttpApiGatewayIT {

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<APIGatewayV2HTTPEvent> received = new CopyOnWriteArrayList<>();
    private HttpApiGateway gateway;

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void shouldHandTheFunctionTheRequestAsApiGatewayWould() throws Exception {
        start(recording(202), answering(200), OptionalInt.empty(), Duration.ofSeconds(5));

        var response = http.send(HttpRequest.newBuilder(uri("/tourists?x=1&x=2"))
                .header("Content-Type", "application/json")
                .header("X-Correlation-Id", "abc-123")
                .header("Cookie", "a=1; b=2")
                .POST(HttpRequest.BodyPublishers.ofString("{\"firstName\":\"Ada\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.headers().firstValue("apigw-requestid")).isPresent();
        var event = received.getFirst();
        assertThat(event.getRequestContext().getHttp().getMethod()).isEqualTo("POST");
        assertThat(event.getRouteKey()).isEqualTo("$default");
        assertThat(event.getHeaders()).containsEntry("content-type", "application/json")
                .containsEntry("x-correlation-id", "abc-123");
        assertThat(event.getCookies()).containsExactly("a=1", "b=2");
        assertThat(event.getQueryStringParameters()).containsEntry("x", "1,2");
        assertThat(event.getBody()).isEqualTo("{\"firstName\":\"Ada\"}");
        assertThat(event.getRequestContext().getRequestId())
                .isEqualTo(response.headers().firstValue("apigw-requestid").orElseThrow());
    }

    @Test
    void shouldThrottleTheReadFunction_pastItsReservedConcurrency() throws Exception {
        var release = new CountDownLatch(1);
        var entered = new CountDownLatch(1);
        start(answering(202), (event, context) -> {
            entered.countDown();
            await(release);
            return response(200);
        }, OptionalInt.of(1), Duration.ofSeconds(10));
        var id = "01a20698-7515-7c6d-b705-15b5ecb38ed7";
        var first = http.sendAsync(HttpRequest.newBuilder(uri("/tourists/" + id)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

        var second = http.send(HttpRequest.newBuilder(uri("/tourists/" + id)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        release.countDown();

        assertThat(second.statusCode()).isEqualTo(500);
        assertThat(second.body()).isEqualTo("{\"message\":\"Internal Server Error\"}");
        assertThat(first.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldHandMalformedEscapesToTheFunction_andNeverLoseAnEnvironment() throws Exception {
        start(answering(202), answering(200), OptionalInt.of(1), Duration.ofSeconds(5));
        var id = "01a20698-7515-7c6d-b705-15b5ecb38ed7";

        var badQuery = rawStatusLine("GET /tourists/" + id + "?a=%zz HTTP/1.1");
        var badPath = http.send(HttpRequest.newBuilder(uri("/tourists/%25zz")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        var next = http.send(HttpRequest.newBuilder(uri("/tourists/" + id)).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(badQuery).as("answered, whoever judged it").startsWith("HTTP/1.1 ");
        assertThat(badPath.statusCode()).isEqualTo(200);
        assertThat(next.statusCode()).as("the only read environment is free again").isEqualTo(200);
    }

    @Test
    void shouldAnswer500_whenTheFunctionThrows() throws Exception {
        start((event, context) -> {
            throw new IllegalStateException("boom");
        }, answering(200), OptionalInt.empty(), Duration.ofSeconds(5));

        var response = http.send(HttpRequest.newBuilder(uri("/tourists")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).isEqualTo("{\"message\":\"Internal Server Error\"}");
    }

    @Test
    void shouldAnswer500_whenTheFunctionRunsPastItsTimeout() throws Exception {
        start((event, context) -> {
            await(new CountDownLatch(1));
            return response(202);
        }, answering(200), OptionalInt.empty(), Duration.ofSeconds(1));

        var response = http.send(HttpRequest.newBuilder(uri("/tourists")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(500);
    }

    @Test
    void shouldAnswer503_whenNoEnvironmentFreesUpWithinTheIntegrationTimeout() throws Exception {
        var release = new CountDownLatch(1);
        var entered = new CountDownLatch(1);
        // No reserved concurrency, one environment here, a 29 s Timeout: a second request may wait 1 s for it.
        var api = new HttpApiGateway.HttpFunction(new FunctionDefinition("ApiFunction", "ApiFunction",
                Duration.ofSeconds(29), 512, OptionalInt.empty()),
                new ExecutionEnvironments<>("ApiFunction", OptionalInt.of(1), () -> new ExecutionEnvironments.Environment<>(
                        (RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>) (event, context) -> {
                            entered.countDown();
                            await(release);
                            return response(202);
                        }, () -> {
                })));
        start(api, function("ReadFunction", answering(200), OptionalInt.empty(), Duration.ofSeconds(5)),
                HttpApiGateway.DEFAULT_MAX_REQUESTS_IN_FLIGHT);
        var first = http.sendAsync(post(), HttpResponse.BodyHandlers.ofString());
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

        var second = http.send(post(), HttpResponse.BodyHandlers.ofString());
        release.countDown();

        assertThat(second.statusCode()).isEqualTo(503);
        assertThat(second.body()).isEqualTo("{\"message\":\"Service Unavailable\"}");
        assertThat(first.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(202);
    }

    @Test
    void shouldAnswer429_pastTheRequestsItTakesAtOnce() throws Exception {
        var release = new CountDownLatch(1);
        var entered = new CountDownLatch(1);
        start(function("ApiFunction", (event, context) -> {
            entered.countDown();
            await(release);
            return response(202);
        }, OptionalInt.empty(), Duration.ofSeconds(10)), function("ReadFunction", answering(200), OptionalInt.empty(),
                Duration.ofSeconds(5)), 1);
        var first = http.sendAsync(post(), HttpResponse.BodyHandlers.ofString());
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

        var second = http.send(post(), HttpResponse.BodyHandlers.ofString());
        release.countDown();

        assertThat(second.statusCode()).isEqualTo(429);
        assertThat(second.body()).isEqualTo("{\"message\":\"Too Many Requests\"}");
        assertThat(first.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(202);
    }

    private HttpRequest post() {
        return HttpRequest.newBuilder(uri("/tourists")).POST(HttpRequest.BodyPublishers.noBody()).build();
    }

    /** Sends a request line that java.net.URI would refuse to build, and returns the status line. */
    private String rawStatusLine(String requestLine) throws Exception {
        var address = uri("/");
        try (var socket = new java.net.Socket(address.getHost(), address.getPort())) {
            socket.setSoTimeout(10_000);
            var out = socket.getOutputStream();
            out.write((requestLine + "\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.flush();
            var in = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    java.nio.charset.StandardCharsets.US_ASCII));
            return String.valueOf(in.readLine());
        }
    }

    private void start(RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> api,
                       RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> read,
                       OptionalInt readConcurrency, Duration timeout) throws Exception {
        start(function("ApiFunction", api, OptionalInt.empty(), timeout),
                function("ReadFunction", read, readConcurrency, timeout), HttpApiGateway.DEFAULT_MAX_REQUESTS_IN_FLIGHT);
    }

    private void start(HttpApiGateway.HttpFunction api, HttpApiGateway.HttpFunction read, int maxRequestsInFlight)
            throws Exception {
        gateway = HttpApiGateway.start("127.0.0.1", 0,
                HttpApiGateway.Routing.builtIn(Map.of(Route.Function.WRITE_API, api, Route.Function.READ, read)),
                new HttpApiPayloads.Api("local", "000000000000"), new HttpApiGateway.Listener() {
                    @Override
                    public void answered(HttpApiRequest request, HttpApiRoute route, String functionName,
                                         HttpApiPayloads.Response response, Duration took) {
                    }

                    @Override
                    public void notice(String line) {
                    }
                }, maxRequestsInFlight);
    }

    private static HttpApiGateway.HttpFunction function(String name,
            RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler, OptionalInt limit, Duration timeout) {
        return new HttpApiGateway.HttpFunction(new FunctionDefinition(name, name, timeout, 512, limit),
                new ExecutionEnvironments<>(name, limit, () -> new ExecutionEnvironments.Environment<>(handler, () -> {
                })));
    }

    private RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> recording(int status) {
        return (event, context) -> {
            received.add(event);
            return response(status);
        };
    }

    private static RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> answering(int status) {
        return (APIGatewayV2HTTPEvent event, Context context) -> response(status);
    }

    private static APIGatewayV2HTTPResponse response(int status) {
        return APIGatewayV2HTTPResponse.builder().withStatusCode(status).withBody("{}")
                .withHeaders(Map.of("content-type", "application/json")).build();
    }

    private URI uri(String pathAndQuery) {
        return URI.create(gateway.uri() + pathAndQuery);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
