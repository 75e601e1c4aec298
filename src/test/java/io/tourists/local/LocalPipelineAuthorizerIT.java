package io.tourists.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.tourists.json.Json;
import io.tourists.local.auth.LocalAuthorizers;
import io.tourists.local.auth.SignedRequests;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole pipeline with template.yaml and an authorizer setting, its real functions behind the local HTTP API:
 * with --authorizer jwt and --authorizer iam, an unauthorized request to each route is refused before any function
 * runs, and an authorized write reaches PostgreSQL and reads back. The JWT tokens are the ones the banner prints.
 */
class LocalPipelineAuthorizerIT {

    private static final Duration BOUND = Duration.ofSeconds(60);
    private static final String ID = "019cec37-b67b-7123-9456-fedcba987654";
    private static final String TOURIST = """
            {"firstName":"Ada","lastName":"Lovelace","email":"ada@example.com","nationality":"GB","dateOfBirth":"1990-12-10"}""";
    /** A request to each route of the template, and whether it reads. */
    private static final Map<String, Boolean> ROUTES = Map.of(
            "POST /tourists", false,
            "POST /tourists/batch", false,
            "PUT /tourists/" + ID, false,
            "DELETE /tourists/" + ID, false,
            "PATCH /tourists/" + ID, false,
            "GET /tourists/" + ID, true,
            "GET /tourists/" + ID + "/writes/" + ID, true);
    private static final Pattern EXPORT = Pattern.compile("\\s*export (TOURISTS_(READ|WRITE)_TOKEN)=(\\S+)");

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ByteArrayOutputStream JWT_OUTPUT = new ByteArrayOutputStream();
    private static PipelineRuntime jwt;
    private static PipelineRuntime iam;

    @BeforeAll
    static void start() {
        jwt = PipelineRuntime.start(settings(RuntimeSettings.Authorizer.JWT),
                new PrintStream(JWT_OUTPUT, true, StandardCharsets.UTF_8));
        iam = PipelineRuntime.start(settings(RuntimeSettings.Authorizer.IAM), new PrintStream(OutputStream.nullOutputStream()));
    }

    @AfterAll
    static void stop() {
        if (jwt != null) {
            jwt.close();
        }
        if (iam != null) {
            iam.close();
        }
    }

    private static RuntimeSettings settings(RuntimeSettings.Authorizer authorizer) {
        return new RuntimeSettings("127.0.0.1", 0, new RuntimeSettings.Sqs.Embedded(0),
                new RuntimeSettings.Database.Embedded(0, Optional.empty()), Path.of("template.yaml"), Map.of(), false,
                Duration.ZERO, authorizer);
    }

    @Test
    void withJwt_eachRouteRefusesNoTokenAndTheOtherScope_beforeAnyFunctionRuns() throws Exception {
        var tokens = bannerTokens();

        for (var route : ROUTES.entrySet()) {
            var none = send(jwt, route.getKey(), Function.identity());
            var otherScope = send(jwt, route.getKey(), request -> request.header("authorization",
                    "Bearer " + tokens.get(route.getValue() ? "TOURISTS_WRITE_TOKEN" : "TOURISTS_READ_TOKEN")));

            assertThat(none.statusCode()).as(route.getKey()).isEqualTo(401);
            assertThat(none.body()).isEqualTo("{\"message\":\"Unauthorized\"}");
            assertThat(otherScope.statusCode()).as(route.getKey()).isEqualTo(403);
            assertThat(otherScope.body()).isEqualTo("{\"message\":\"Forbidden\"}");
            assertThat(otherScope.headers().firstValue("x-correlation-id")).as("no function ran").isEmpty();
        }
    }

    @Test
    void withJwt_theBannersWriteTokenWrites_andItsReadTokenReadsTheWriteBack() throws Exception {
        var tokens = bannerTokens();

        var accepted = send(jwt, "POST /tourists", request -> request.header("content-type", "application/json")
                .header("authorization", "Bearer " + tokens.get("TOURISTS_WRITE_TOKEN")));

        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        var touristId = Json.readTree(accepted.body()).get("touristId").asText();
        var read = awaitRead(jwt, touristId, request -> request.header("authorization",
                "Bearer " + tokens.get("TOURISTS_READ_TOKEN")));
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(Json.readTree(read.body()).get("lastName").asText()).isEqualTo("Lovelace");
    }

    @Test
    void withJwt_anIdempotencyKeyBelongsToTheTokensSubject() throws Exception {
        var first = touristIdFromKey("client-a", "order-7f3a");

        assertThat(touristIdFromKey("client-a", "order-7f3a")).as("a retry by the same caller").isEqualTo(first);
        assertThat(touristIdFromKey("client-b", "order-7f3a")).as("the same key from another caller").isNotEqualTo(first);
    }

    /** A create with this Idempotency-Key, by a caller whose token has this subject: the touristId it gets. */
    private static String touristIdFromKey(String subject, String key) throws IOException, InterruptedException {
        var token = jwt.jwtIssuer().orElseThrow().accessToken(subject, List.of("tourists/write"), Instant.now(),
                Duration.ofMinutes(5));
        var response = send(jwt, "POST /tourists", request -> request.header("content-type", "application/json")
                .header("idempotency-key", key).header("authorization", "Bearer " + token));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return Json.readTree(response.body()).get("touristId").asText();
    }

    @Test
    void withIam_eachRouteRefusesAnUnsignedRequest_andTheWritersSignatureWrites_andTheReadersReads() throws Exception {
        for (var route : ROUTES.keySet()) {
            var unsigned = send(iam, route, Function.identity());

            assertThat(unsigned.statusCode()).as(route).isEqualTo(403);
            assertThat(unsigned.body()).isEqualTo("{\"message\":\"Forbidden\"}");
        }
        var secret = LocalAuthorizers.iamSecret();

        var accepted = HTTP.send(SignedRequests.signed("POST", iam.apiUri().resolve("/tourists"), "application/json",
                TOURIST, "WriteAccessPolicy", secret, "us-east-1"), HttpResponse.BodyHandlers.ofString());

        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        var touristId = Json.readTree(accepted.body()).get("touristId").asText();
        long deadline = System.nanoTime() + BOUND.toNanos();
        HttpResponse<String> read;
        do {
            read = HTTP.send(SignedRequests.signed("GET", iam.apiUri().resolve("/tourists/" + touristId), null, null,
                    "ReadAccessPolicy", secret, "us-east-1"), HttpResponse.BodyHandlers.ofString());
        } while (read.statusCode() == 404 && System.nanoTime() < deadline && pause());
        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
    }

    /** The tokens the banner prints as export lines, by variable name. */
    private static Map<String, String> bannerTokens() {
        var tokens = new java.util.HashMap<String, String>();
        JWT_OUTPUT.toString(StandardCharsets.UTF_8).lines().map(EXPORT::matcher).filter(java.util.regex.Matcher::matches)
                .forEach(matcher -> tokens.put(matcher.group(1), matcher.group(3)));
        assertThat(tokens).containsOnlyKeys("TOURISTS_READ_TOKEN", "TOURISTS_WRITE_TOKEN");
        return tokens;
    }

    /** "METHOD /path", with a tourist as the body of a POST or PUT. */
    private static HttpResponse<String> send(PipelineRuntime runtime, String route,
                                             Function<HttpRequest.Builder, HttpRequest.Builder> headers)
            throws IOException, InterruptedException {
        var parts = route.split(" ", 2);
        var body = parts[0].equals("POST") || parts[0].equals("PUT") ? HttpRequest.BodyPublishers.ofString(TOURIST)
                : HttpRequest.BodyPublishers.noBody();
        var request = HttpRequest.newBuilder(URI.create(runtime.apiUri() + parts[1])).method(parts[0], body).timeout(BOUND);
        return HTTP.send(headers.apply(request).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The write is applied asynchronously: GET answers 404 until the consumer has stored it. */
    private static HttpResponse<String> awaitRead(PipelineRuntime runtime, String touristId,
                                                  Function<HttpRequest.Builder, HttpRequest.Builder> headers)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (true) {
            var response = send(runtime, "GET /tourists/" + touristId, headers);
            if (response.statusCode() != 404 || System.nanoTime() > deadline) {
                return response;
            }
            pause();
        }
    }

    private static boolean pause() throws InterruptedException {
        Thread.sleep(100);
        return true;
    }
}
