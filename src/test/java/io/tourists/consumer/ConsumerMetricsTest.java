package io.tourists.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.tourists.db.Databases;
import io.tourists.db.DbSettings;
import io.tourists.db.StoreException;
import io.tourists.lambda.EmfOutput;
import io.tourists.local.lambda.LocalContext;
import io.tourists.queue.SqsClients;
import io.tourists.queue.WriteEnvelope;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.regions.Region;

class ConsumerMetricsTest {

    @Test
    void aBatchReportBecomesOneEmfDocumentWithEveryCount() {
        var metrics = EmfOutput.metrics("TouristPipelineTest");

        var documents = EmfOutput.capture(() -> metrics.flushAfter(() -> {
            ConsumerMetrics.record(new BatchReport(10, 5, 2, 1, 1, 1, 1), metrics);
            return null;
        }));

        assertThat(documents).hasSize(1);
        var emf = documents.getFirst();
        assertThat(emf.path("_aws").path("CloudWatchMetrics").path(0).path("Namespace").asText())
                .isEqualTo("TouristPipelineTest");
        assertThat(EmfOutput.declaredMetrics(emf)).containsExactlyInAnyOrder(
                "BatchSize", "WritesApplied", "WritesDuplicate", "WritesStale", "MessagesRejected", "MessagesRetried",
                "DatabaseUnavailable", "WritesConflicted");
        assertThat(emf.path("DatabaseUnavailable").asInt()).isZero();
        assertThat(emf.path("BatchSize").asInt()).isEqualTo(10);
        assertThat(emf.path("WritesApplied").asInt()).isEqualTo(5);
        assertThat(emf.path("WritesDuplicate").asInt()).isEqualTo(2);
        assertThat(emf.path("WritesStale").asInt()).isEqualTo(1);
        assertThat(emf.path("MessagesRejected").asInt()).isEqualTo(1);
        assertThat(emf.path("MessagesRetried").asInt()).isEqualTo(1);
        assertThat(emf.path("WritesConflicted").asInt()).isEqualTo(1);
    }

    @Test
    void aBatchThatFailsWholeIsPublishedAsEveryMessageRetried_andTheErrorStillReachesLambda() {
        var metrics = EmfOutput.metrics("TouristPipelineTest");
        var clock = Clock.systemUTC();
        // A real pool to a port nothing listens on: the database is down.
        var unreachable = new DbSettings("jdbc:postgresql://127.0.0.1:" + closedPort() + "/tourists", "tourists",
                "tourists", 1, Duration.ofMillis(500));
        try (var pool = Databases.pool(unreachable, "tourists-consumer-test")) {
            var consumer = WriteBatchConsumer.of(pool,
                    SqsClients.forEndpoint(URI.create("http://127.0.0.1:" + closedPort()), Region.US_EAST_1,
                            AnonymousCredentialsProvider.create(), Duration.ofSeconds(1)),
                    new WriteBatchConsumer.Queues("http://127.0.0.1/000000000000/tourist-writes",
                            "http://127.0.0.1/000000000000/tourist-writes-dlq"), clock);
            var function = new ConsumerFunction(consumer, metrics);
            var event = new SQSEvent();
            event.setRecords(List.of(message(clock), message(clock)));

            var documents = EmfOutput.capture(() -> assertThatThrownBy(
                    () -> function.handleRequest(event, new LocalContext("consumer", 1024, Duration.ofSeconds(30))))
                    .isInstanceOf(StoreException.Unavailable.class));

            assertThat(documents).hasSize(1);
            assertThat(documents.getFirst().path("BatchSize").asInt()).isEqualTo(2);
            assertThat(documents.getFirst().path("MessagesRetried").asInt()).isEqualTo(2);
            assertThat(documents.getFirst().path("WritesApplied").asInt()).isZero();
            assertThat(documents.getFirst().path("DatabaseUnavailable").asInt()).isEqualTo(1);
        }
    }

    private static SQSEvent.SQSMessage message(Clock clock) {
        var message = new SQSEvent.SQSMessage();
        message.setMessageId(UUID.randomUUID().toString());
        message.setEventSourceArn("arn:aws:sqs:us-east-1:000000000000:tourist-writes");
        message.setBody("""
                {"type":"tourist.deleted","schemaVersion":1,"writeId":"%s","touristId":"%s","occurredAt":"%s"}"""
                .formatted(UUID.randomUUID(), UUID.randomUUID(), WriteEnvelope.stamp(clock)));
        return message;
    }

    private static int closedPort() {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
