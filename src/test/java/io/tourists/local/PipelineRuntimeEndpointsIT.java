package io.tourists.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.tourists.json.Json;
import io.tourists.local.db.EmbeddedDatabase;
import io.tourists.local.sqs.EmbeddedSqs;
import io.tourists.queue.SqsClients;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The same runtime against services it did not start, as with LocalStack, an existing PostgreSQL or real
 * AWS queues: here an ElasticMQ and a PostgreSQL started by the test stand in for them.
 */
class PipelineRuntimeEndpointsIT {

    private static EmbeddedSqs otherSqs;
    private static EmbeddedDatabase otherDatabase;
    private static SqsClient sqs;

    @BeforeAll
    static void startServicesTheRuntimeDoesNotOwn() {
        otherSqs = EmbeddedSqs.start(0);
        otherDatabase = EmbeddedDatabase.start(0, "tourists", Optional.empty());
        sqs = SqsClients.forEndpoint(otherSqs.endpoint(), Region.of(EmbeddedSqs.REGION),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")), Duration.ofSeconds(10));
    }

    @AfterAll
    static void stopThem() {
        sqs.close();
        otherSqs.close();
        otherDatabase.close();
    }

    @Test
    void shouldCreateTheTemplatesQueuesAtAnotherEndpoint_andUpdateThemOnTheNextRun() throws Exception {
        var endpoint = new RuntimeSettings.Sqs.Endpoint(otherSqs.endpoint(), Optional.of(EmbeddedSqs.REGION));

        try (var runtime = start(endpoint)) {
            assertThat(runtime.writeQueue().url()).startsWith(otherSqs.endpoint().toString());
            assertWriteLands(runtime);
        }
        var queueUrl = sqs.getQueueUrl(r -> r.queueName("tourist-writes")).queueUrl();
        sqs.setQueueAttributes(r -> r.queueUrl(queueUrl).attributesWithStrings(Map.of("VisibilityTimeout", "5")));

        try (var runtime = start(endpoint)) {
            assertThat(runtime.writeQueue().url()).isEqualTo(queueUrl);
            assertThat(visibilityTimeout(queueUrl)).isNotEqualTo("5");
            assertWriteLands(runtime);
        }
    }

    @Test
    void shouldUseGivenQueuesAsTheyAre() throws Exception {
        var deadLetters = sqs.createQueue(r -> r.queueName("given-dlq")).queueUrl();
        var writes = sqs.createQueue(r -> r.queueName("given-writes")
                .attributesWithStrings(Map.of("VisibilityTimeout", "45"))).queueUrl();
        var given = new RuntimeSettings.Sqs.ExistingQueues(Optional.of(otherSqs.endpoint()),
                Optional.of(EmbeddedSqs.REGION), writes, deadLetters);

        try (var runtime = start(given)) {
            assertThat(runtime.writeQueue().url()).isEqualTo(writes);
            assertThat(visibilityTimeout(writes)).isEqualTo("45");
            assertWriteLands(runtime);
        }
    }

    private static PipelineRuntime start(RuntimeSettings.Sqs sqsChoice) {
        return PipelineRuntime.start(new RuntimeSettings("127.0.0.1", 0, sqsChoice,
                new RuntimeSettings.Database.Existing(otherDatabase.jdbcUrl(), otherDatabase.user(), otherDatabase.password()),
                Path.of("template.yaml"), Map.of(), false, Duration.ZERO),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    private static void assertWriteLands(PipelineRuntime runtime) throws Exception {
        var accepted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(runtime.apiUri() + "/tourists"))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"firstName":"Ada","lastName":"Lovelace","email":"ada@example.com",
                         "nationality":"GB","dateOfBirth":"1990-12-10"}"""))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(accepted.statusCode()).isEqualTo(202);
        var touristId = UUID.fromString(Json.readTree(accepted.body()).get("touristId").asText());

        assertThat(Rows.appears(otherDatabase.jdbcUrl(), touristId, Duration.ofSeconds(60)))
                .as("the write reaches PostgreSQL").isTrue();
    }

    private static String visibilityTimeout(String queueUrl) {
        return sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.VISIBILITY_TIMEOUT))
                .attributes().get(QueueAttributeName.VISIBILITY_TIMEOUT);
    }
}
