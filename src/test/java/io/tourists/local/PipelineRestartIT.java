package io.tourists.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.tourists.json.Json;
import io.tourists.local.net.Ports;
import io.tourists.testing.Rows;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Stop, then start again at once on the same ports: connections of the first run left in TIME_WAIT (the
 * API's, ElasticMQ's, PostgreSQL's) must not make the second refuse a port, and nothing of the first may still
 * listen.
 */
class PipelineRestartIT {

    private static final Duration BOUND = Duration.ofSeconds(60);

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void shouldStartAgainAtOnceOnTheSamePorts_afterServingRequests() throws Exception {
        var settings = new RuntimeSettings("127.0.0.1", Ports.free(), new RuntimeSettings.Sqs.Embedded(Ports.free()),
                new RuntimeSettings.Database.Embedded(Ports.free(), Optional.empty()), Path.of("template.yaml"),
                Map.of(), false, Duration.ZERO);
        var output = new ByteArrayOutputStream();
        var out = new PrintStream(output, true, StandardCharsets.UTF_8);

        var first = PipelineRuntime.start(settings, out);
        var firstApi = first.apiUri();
        var firstWrite = writeAndAwaitRow(first);
        long stopping = System.nanoTime();
        first.close();
        var stopTook = Duration.ofNanos(System.nanoTime() - stopping);

        long starting = System.nanoTime();
        try (var second = PipelineRuntime.start(settings, out)) {
            var startTook = Duration.ofNanos(System.nanoTime() - starting);
            System.out.printf("restart on the same ports: stop %d ms, start %d ms%n", stopTook.toMillis(),
                    startTook.toMillis());

            assertThat(second.apiUri()).isEqualTo(firstApi);
            var secondWrite = writeAndAwaitRow(second);
            assertThat(secondWrite).isNotEqualTo(firstWrite);
        }
        assertThat(output.toString(StandardCharsets.UTF_8)).doesNotContain("is in use");
    }

    /** Posts a tourist and waits until the consumer has stored it; returns its id. */
    private UUID writeAndAwaitRow(PipelineRuntime runtime) throws Exception {
        var accepted = http.send(HttpRequest.newBuilder(URI.create(runtime.apiUri() + "/tourists"))
                .header("content-type", "application/json")
                .timeout(BOUND)
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"firstName":"Ada","lastName":"Lovelace","email":"ada@example.com",
                         "nationality":"GB","dateOfBirth":"1990-12-10"}"""))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(accepted.statusCode()).isEqualTo(202);
        var touristId = UUID.fromString(Json.readTree(accepted.body()).get("touristId").asText());
        assertThat(Rows.appears(runtime.jdbcUrl(), touristId, BOUND)).as("the write reaches PostgreSQL").isTrue();
        return touristId;
    }
}
