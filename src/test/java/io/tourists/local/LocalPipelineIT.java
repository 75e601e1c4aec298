package io.tourists.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tourists.json.Json;
import io.tourists.testing.PipelineProcess;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * End to end, as a user runs it: the real main class in its own JVM with the real template.yaml, every port
 * free (flags), HTTP requests from outside, the row read back over JDBC, and a stop by signal.
 */
class LocalPipelineIT {

    private static final Duration START_BOUND = Duration.ofSeconds(120);
    private static final Duration REQUEST_BOUND = Duration.ofSeconds(60);
    private static final Pattern READY = Pattern.compile("READY api=(\\S+) sqs=(\\S+) db=(\\S+) .*");

    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static PipelineProcess pipeline;
    private static URI api;
    private static String jdbcUrl;

    @BeforeAll
    static void startThePipelineAsAUserWould() throws IOException {
        pipeline = PipelineProcess.start("local-pipeline-",
                List.of("--api-port", "0", "--sqs-port", "0", "--db-port", "0", "--status-interval", "1"));
        var ready = READY.matcher(pipeline.awaitLine(line -> line.startsWith("READY "), START_BOUND));
        assertThat(ready.matches()).isTrue();
        api = URI.create(ready.group(1));
        jdbcUrl = ready.group(3);
    }

    @AfterAll
    static void stopItAsCtrlCWould() throws InterruptedException {
        if (pipeline == null) {
            return;
        }
        // SIGTERM runs the same shutdown hook as Ctrl-C's SIGINT.
        pipeline.process().destroy();
        var exited = pipeline.process().waitFor(60, TimeUnit.SECONDS);
        if (!exited) {
            pipeline.process().destroyForcibly();
        }
        assertThat(exited).as("the pipeline stops within a minute").isTrue();
        assertThat(pipeline.output()).as(String.join("\n", pipeline.output())).contains("STOPPED");
        var database = URI.create(jdbcUrl.substring("jdbc:".length()));
        assertThat(accepts(database.getHost(), database.getPort())).as("PostgreSQL is stopped with the pipeline").isFalse();
        assertThat(accepts(api.getHost(), api.getPort())).as("the API is closed").isFalse();
    }

    private static boolean accepts(String host, int port) {
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 2_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void shouldAcceptAWrite_andLandItInPostgreSql_andServeItBack() throws Exception {
        var accepted = post("""
                {"firstName":"Ada","lastName":"Lovelace","email":"ada@example.com",
                 "nationality":"GB","dateOfBirth":"1990-12-10","passportNumber":"X1234567"}""", "application/json");

        assertThat(accepted.statusCode()).isEqualTo(202);
        var body = json(accepted.body());
        assertThat(body.get("status").asText()).isEqualTo("accepted");
        var touristId = UUID.fromString(body.get("touristId").asText());
        assertThat(accepted.headers().firstValue("location")).contains("/tourists/" + touristId);

        var read = awaitRead(touristId);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(json(read.body()).get("lastName").asText()).isEqualTo("Lovelace");

        try (var connection = DriverManager.getConnection(jdbcUrl, "tourists", "tourists");
             var statement = connection.prepareStatement(
                     "select first_name, nationality, deleted from tourist where tourist_id = ?")) {
            statement.setObject(1, touristId);
            try (var row = statement.executeQuery()) {
                assertThat(row.next()).isTrue();
                assertThat(row.getString("first_name")).isEqualTo("Ada");
                assertThat(row.getString("nationality")).isEqualTo("GB");
                assertThat(row.getBoolean("deleted")).isFalse();
            }
        }
        pipeline.awaitLine(line -> line.contains(" status ") && line.contains(" applied=1 "), REQUEST_BOUND);
    }

    @Test
    void shouldRouteTheListingTheFeedAndRevalidationThroughTheLocalFront() throws Exception {
        var accepted = post("""
                {"firstName":"Grace","lastName":"Hopper","email":"grace@example.com",
                 "nationality":"US","dateOfBirth":"1906-12-09"}""", "application/json");
        var touristId = json(accepted.body()).get("touristId").asText();
        var read = awaitRead(UUID.fromString(touristId));
        var etag = read.headers().firstValue("etag").orElseThrow();

        var notModified = http.send(HttpRequest.newBuilder(api.resolve("/tourists/" + touristId))
                .header("if-none-match", etag).GET().timeout(REQUEST_BOUND).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(notModified.statusCode()).isEqualTo(304);
        assertThat(get("/tourists?nationality=US&limit=500").get("tourists").findValuesAsText("touristId"))
                .contains(touristId);
        var changes = get("/tourists/changes?limit=500");
        assertThat(changes.get("changes").findValuesAsText("touristId")).contains(touristId);
    }

    private static JsonNode get(String target) throws IOException, InterruptedException {
        var response = http.send(HttpRequest.newBuilder(api.resolve(target)).GET().timeout(REQUEST_BOUND).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(target + ": " + response.body()).isEqualTo(200);
        return json(response.body());
    }

    @Test
    void isOpenByDefault_asSamLocalIs_soTheReadmesCurlExamplesNeedNoCredentials() {
        assertThat(pipeline.output()).anySatisfy(line -> assertThat(line).startsWith("  Authorizer  none: every route is open"));
    }

    @Test
    void shouldAnswerAProblemWithFieldErrors_forAnInvalidTourist() throws Exception {
        var refused = post("{\"firstName\":\"Ada\",\"email\":\"not-an-address\"}", "application/json");

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.headers().firstValue("content-type")).contains("application/problem+json");
        assertThat(json(refused.body()).get("errors").findValuesAsText("field")).contains("email", "lastName");
    }

    @Test
    void shouldAnswerTheApiFunctionsOwn404_forAnUnknownRoute() throws Exception {
        var response = http.send(HttpRequest.newBuilder(api.resolve("/nowhere")).GET().timeout(REQUEST_BOUND).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("content-type")).contains("application/problem+json");
    }

    private static HttpResponse<String> post(String body, String contentType) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(api.resolve("/tourists"))
                        .header("content-type", contentType)
                        .timeout(REQUEST_BOUND)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The write is applied asynchronously: GET answers 404 until the consumer has stored it. */
    private static HttpResponse<String> awaitRead(UUID touristId) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + REQUEST_BOUND.toNanos();
        while (true) {
            var response = http.send(HttpRequest.newBuilder(api.resolve("/tourists/" + touristId)).GET()
                    .timeout(REQUEST_BOUND).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 404 || System.nanoTime() > deadline) {
                return response;
            }
            Thread.sleep(100);
        }
    }

    private static JsonNode json(String text) throws IOException {
        return Json.readTree(text);
    }
}
