package io.tourists.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.tourists.domain.TouristWrite;
import io.tourists.lambda.EmfOutput;
import io.tourists.lambda.InvocationMetrics;
import io.tourists.local.lambda.LocalContext;
import io.tourists.local.template.SamTemplate;
import io.tourists.queue.Delivery;
import io.tourists.queue.QueueUnavailableException;
import io.tourists.queue.SqsClients;
import io.tourists.queue.SqsWriteQueue;
import io.tourists.queue.WriteQueue;
import io.tourists.testing.HttpApiRequests;
import io.tourists.testing.TestIdKey;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.regions.Region;

class ApiMetricsTest {

    private final Clock clock = Clock.systemUTC();
    private final List<TouristWrite> sent = new ArrayList<>();
    private final WriteQueue queue = (write, correlationId) -> sent.add(write);

    @Test
    void anAcceptedWriteCountsOneAccepted_andNothingElse() {
        var emf = invoke(queue, post("application/json", ApiPriming.SAMPLE_TOURIST));

        assertThat(sent).hasSize(1);
        assertThat(EmfOutput.declaredMetrics(emf))
                .containsExactlyInAnyOrder("WritesAccepted", "WritesRejected", "QueueUnavailable");
        assertThat(emf.path("WritesAccepted").asInt()).isEqualTo(1);
        assertThat(emf.path("WritesRejected").asInt()).isZero();
        assertThat(emf.path("QueueUnavailable").asInt()).isZero();
    }

    @Test
    void aClientErrorCountsOneRejected_andEnqueuesNothing() {
        var emf = invoke(queue, post("text/plain", ApiPriming.SAMPLE_TOURIST));

        assertThat(sent).isEmpty();
        assertThat(emf.path("WritesAccepted").asInt()).isZero();
        assertThat(emf.path("WritesRejected").asInt()).isEqualTo(1);
    }

    @Test
    void aQueueThatCannotBeReachedCountsOneQueueUnavailable() {
        var nowhere = new SqsWriteQueue(SqsClients.forEndpoint(URI.create("http://127.0.0.1:" + closedPort()),
                Region.US_EAST_1, AnonymousCredentialsProvider.create(), Duration.ofSeconds(2)),
                "http://127.0.0.1/000000000000/tourist-writes");

        var emf = invoke(nowhere, post("application/json", ApiPriming.SAMPLE_TOURIST));

        assertThat(emf.path("QueueUnavailable").asInt()).isEqualTo(1);
        assertThat(emf.path("WritesAccepted").asInt()).isZero();
        assertThat(emf.path("WritesRejected").asInt()).isZero();
    }

    @Test
    void aBatchCountsEachWriteWhereItWent_soAHalfFailedBatchStillCountsItsUnconfirmedWrites() {
        // The queue confirms every write but the ones to the tourist "delete(ID)" names.
        WriteQueue failingForOne = (write, correlationId) -> {
            if (write.touristId().toString().equals(BATCH_ID)) {
                throw new QueueUnavailableException("timed out", Delivery.UNKNOWN, null);
            }
            sent.add(write);
        };

        var emf = invoke(failingForOne, batch(BatchWritesTest.batch(BatchWritesTest.create(),
                BatchWritesTest.badEmail(), BatchWritesTest.create(), BatchWritesTest.delete(BATCH_ID))));

        assertThat(sent).hasSize(2);
        assertThat(emf.path("WritesAccepted").asInt()).isEqualTo(2);
        assertThat(emf.path("WritesRejected").asInt()).isEqualTo(1);
        assertThat(emf.path("QueueUnavailable").asInt()).as("the 207's unconfirmed write").isEqualTo(1);
    }

    @Test
    void aBatchWithNoValidWriteCountsEachOfItsWritesRejected() {
        var emf = invoke(queue, batch(BatchWritesTest.batch(BatchWritesTest.badEmail(), BatchWritesTest.badEmail())));

        assertThat(sent).isEmpty();
        assertThat(emf.path("WritesAccepted").asInt()).isZero();
        assertThat(emf.path("WritesRejected").asInt()).isEqualTo(2);
        assertThat(emf.path("QueueUnavailable").asInt()).isZero();
    }

    @Test
    void theQueueUnavailableAlarmWatchesTheMetricThisFunctionPublishes_withItsDimensions() {
        var template = SamTemplate.read(Path.of("template.yaml"));
        var alarm = template.properties("QueueUnavailableAlarm");
        var environment = template.environment("ApiFunction");
        // The metrics as the function builds them from the template's environment.
        var metrics = InvocationMetrics.fromEnvironment(Map.of(
                "POWERTOOLS_METRICS_NAMESPACE", String.valueOf(environment.get("POWERTOOLS_METRICS_NAMESPACE")),
                "POWERTOOLS_SERVICE_NAME", String.valueOf(environment.get("POWERTOOLS_SERVICE_NAME"))));
        var function = new ApiFunction(WriteRequests.sendingTo(queue, TestIdKey.key(), clock), metrics);
        var documents = EmfOutput.capture(() -> function.handleRequest(
                post("application/json", ApiPriming.SAMPLE_TOURIST), new LocalContext("api", 1024, Duration.ofSeconds(10))));
        var directive = documents.getFirst().path("_aws").path("CloudWatchMetrics").path(0);

        assertThat(alarm.get("MetricName")).isEqualTo(ApiMetrics.QUEUE_UNAVAILABLE);
        assertThat(alarm.get("Namespace")).isEqualTo(environment.get("POWERTOOLS_METRICS_NAMESPACE"))
                .isEqualTo(directive.path("Namespace").asText());
        // CloudWatch matches a metric by all its dimensions: the alarm's must be exactly the ones published.
        var published = new ArrayList<String>();
        directive.path("Dimensions").path(0).forEach(name -> published.add(name.asText()));
        assertThat(published).containsExactly("Service");
        assertThat(documents.getFirst().path("Service").asText()).isEqualTo(environment.get("POWERTOOLS_SERVICE_NAME"));
        assertThat(alarm.get("Dimensions")).asList().containsExactly(
                (Object) Map.of("Name", "Service", "Value", environment.get("POWERTOOLS_SERVICE_NAME")));
    }

    private JsonNode invoke(WriteQueue writeQueue, APIGatewayV2HTTPEvent event) {
        var function = new ApiFunction(WriteRequests.sendingTo(writeQueue, TestIdKey.key(), clock),
                EmfOutput.metrics("TouristPipelineTest"));
        var documents = EmfOutput.capture(
                () -> function.handleRequest(event, new LocalContext("api", 1024, Duration.ofSeconds(10))));
        assertThat(documents).as("one EMF document per invocation").hasSize(1);
        return documents.getFirst();
    }

    private static final String BATCH_ID = "019cec37-b67b-7123-9456-fedcba987654";

    static APIGatewayV2HTTPEvent batch(String body) {
        return HttpApiRequests.json("POST", "/tourists/batch", body, Map.of());
    }

    static APIGatewayV2HTTPEvent post(String contentType, String body) {
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey("POST /tourists")
                .withRawPath("/tourists")
                .withHeaders(Map.of("content-type", contentType))
                .withBody(body)
                .withIsBase64Encoded(false)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRequestId("request-1")
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod("POST").withPath("/tourists").build())
                        .build())
                .build();
    }

    private static int closedPort() {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
