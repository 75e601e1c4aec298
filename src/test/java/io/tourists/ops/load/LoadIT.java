package io.tourists.ops.load;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.tourists.api.ApiFunction;
import io.tourists.api.WriteRequests;
import io.tourists.json.Json;
import io.tourists.lambda.InvocationMetrics;
import io.tourists.local.sqs.EmbeddedSqs;
import io.tourists.ops.Cli;
import io.tourists.queue.SqsClients;
import io.tourists.queue.SqsWriteQueue;
import io.tourists.testing.TestIdKey;
import io.tourists.testing.TestQueues;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

import static org.assertj.core.api.Assertions.assertThat;

/** The load generator against the real write API function, its queue on ElasticMQ. */
class LoadIT {

    static EmbeddedSqs elasticMq;
    static SqsClient sqs;

    @BeforeAll
    static void start() {
        elasticMq = EmbeddedSqs.start(0);
        sqs = SqsClients.forEndpoint(elasticMq.endpoint(), Region.US_EAST_1, Cli.LOCAL_CREDENTIALS, Duration.ofSeconds(10));
    }

    @AfterAll
    static void stop() {
        sqs.close();
        elasticMq.close();
    }

    @Test
    void everyGeneratedWriteIsValid_soTheApiAcceptsAndEnqueuesEachOne() throws Exception {
        var queues = TestQueues.create(sqs, "load-writes", Duration.ofSeconds(30), 5, false);
        var clock = Clock.systemUTC();
        var api = new ApiFunction(WriteRequests.sendingTo(new SqsWriteQueue(sqs, queues.url()), TestIdKey.key(), clock),
                InvocationMetrics.off());
        try (var stub = WriteApiStub.serving(api)) {
            var load = new Cli(Map.of()).run("load", "--url", stub.url().toString(), "--requests", "200",
                    "--concurrency", "16", "--idempotency-keys", "--json");

            assertThat(load.exitCode()).as(load.err()).isZero();
            var report = Json.readTree(load.out());
            assertThat(report.get("target").asText()).isEqualTo(stub.url() + "/tourists");
            assertThat(report.get("sent").asInt()).isEqualTo(200);
            assertThat(report.get("accepted").asInt()).isEqualTo(200);
            assertThat(report.get("statuses").properties()).singleElement()
                    .satisfies(status -> assertThat(status.getKey()).isEqualTo("202"));
            assertThat(report.get("acceptedPerSecond").asDouble()).isPositive();
            assertThat(report.get("latencyMs").get("p99").asDouble())
                    .isGreaterThanOrEqualTo(report.get("latencyMs").get("p50").asDouble());
            assertThat(TestQueues.visible(sqs, queues.url())).isEqualTo(200);
        }
    }

    @Test
    void answersOtherThan202_areCountedByStatus() {
        var unavailable = new APIGatewayV2HTTPResponse();
        unavailable.setStatusCode(503);
        try (var stub = WriteApiStub.serving((event, context) -> unavailable);
             var generator = new LoadGenerator()) {
            var report = generator.run(new LoadPlan(stub.url(), 20, 4, Duration.ofSeconds(30), false));

            assertThat(report.accepted()).isZero();
            assertThat(report.statuses()).isEqualTo(Map.of("503", 20));
            assertThat(report.latency()).isPresent();
        }
    }

    @Test
    void theDurationCapStopsTheRunBeforeEveryRequestIsSent() {
        var accepted = new APIGatewayV2HTTPResponse();
        accepted.setStatusCode(202);
        try (var stub = WriteApiStub.serving((event, context) -> {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return accepted;
        }); var generator = new LoadGenerator()) {
            var report = generator.run(new LoadPlan(stub.url(), 10_000, 2, Duration.ofSeconds(1), false));

            assertThat(report.stoppedByDuration()).isTrue();
            assertThat(report.sent()).isLessThan(10_000);
            assertThat(report.accepted()).isEqualTo(report.sent());
        }
    }
}
