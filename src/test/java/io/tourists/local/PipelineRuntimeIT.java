package io.tourists.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.tourists.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The runtime takes its settings from the template it is given: a small template whose numbers differ from
 * template.yaml's, with one parameter overridden as {@code --param} would. Started in-process on free ports.
 */
class PipelineRuntimeIT {

    private static final ByteArrayOutputStream OUTPUT = new ByteArrayOutputStream();
    private static PipelineRuntime runtime;

    @BeforeAll
    static void start() throws URISyntaxException {
        var template = Path.of(PipelineRuntimeIT.class.getResource("/local/small-template.yaml").toURI());
        runtime = PipelineRuntime.start(new RuntimeSettings("127.0.0.1", 0, new RuntimeSettings.Sqs.Embedded(0),
                new RuntimeSettings.Database.Embedded(0, Optional.empty()), template,
                Map.of("ConsumerMaxConcurrency", "4"), false, Duration.ZERO),
                new PrintStream(OUTPUT, true, StandardCharsets.UTF_8));
    }

    @AfterAll
    static void stop() {
        runtime.close();
        assertThat(output()).contains("STOPPED");
    }

    @Test
    void shouldCreateTheQueuesWithTheTemplatesAttributes_andARedrivePolicyNamingTheRealDlq() {
        var queues = runtime.queues();

        assertThat(queues.get("WriteQueue").name()).isEqualTo("local-writes");
        assertThat(queues.get("WriteQueue").attributes()).containsEntry("VisibilityTimeout", "77");
        var redrive = Json.MAPPER.convertValue(readTree(queues.get("WriteQueue").attributes().get("RedrivePolicy")), Map.class);
        assertThat(redrive).containsEntry("deadLetterTargetArn", queues.get("WriteDeadLetterQueue").arn());
        assertThat(String.valueOf(redrive.get("maxReceiveCount"))).isEqualTo("6");
        assertThat(queues.get("WriteDeadLetterQueue").name()).isEqualTo("local-writes-dlq");
    }

    @Test
    void shouldRunTheConsumerMappingWithTheTemplatesSettings_andTheOverride() {
        var consumer = runtime.consumer().orElseThrow();

        assertThat(consumer.maximumConcurrency()).isEqualTo(4);
        assertThat(consumer.settings().batchSize()).isEqualTo(7);
        assertThat(consumer.settings().batchingWindow()).isEqualTo(Duration.ofSeconds(2));
        assertThat(consumer.settings().functionTimeout()).isEqualTo(Duration.ofSeconds(12));
        assertThat(consumer.settings().reportBatchItemFailures()).isTrue();
    }

    @Test
    void shouldSayWhatItDoesNotEmulate_andWhatItCouldNotResolve() {
        assertThat(output()).contains("not emulated (ignored): WriteQueue.KmsMasterKeyId, WriteDeadLetterQueue.RedriveAllowPolicy")
                .contains("ApiFunction environment variable DB_SECRET_ARN refers to something that is not local")
                .containsPattern("READY api=http://127\\.0\\.0\\.1:\\d+ ");
    }

    @Test
    void shouldCarryAWriteFromTheApiToPostgreSql() throws Exception {
        var http = HttpClient.newHttpClient();
        var accepted = http.send(HttpRequest.newBuilder(URI.create(runtime.apiUri() + "/tourists"))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"firstName":"Grace","lastName":"Hopper","email":"grace@example.com",
                         "nationality":"US","dateOfBirth":"1986-12-09"}"""))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(accepted.statusCode()).isEqualTo(202);
        var touristId = UUID.fromString(readTree(accepted.body()).get("touristId").asText());

        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Optional<String> stored = Optional.empty();
        while (stored.isEmpty() && System.nanoTime() < deadline) {
            stored = lastName(touristId);
            Thread.sleep(100);
        }
        assertThat(stored).contains("Hopper");
    }

    private static Optional<String> lastName(UUID touristId) throws SQLException {
        try (var connection = DriverManager.getConnection(runtime.jdbcUrl(), "tourists", "tourists");
             var statement = connection.prepareStatement("select last_name from tourist where tourist_id = ?")) {
            statement.setObject(1, touristId);
            try (var result = statement.executeQuery()) {
                return result.next() ? Optional.of(result.getString(1)) : Optional.empty();
            }
        }
    }

    private static com.fasterxml.jackson.databind.JsonNode readTree(String json) {
        try {
            return Json.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    private static String output() {
        return OUTPUT.toString(StandardCharsets.UTF_8);
    }
}
