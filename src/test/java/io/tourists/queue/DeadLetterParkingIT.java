package io.tourists.queue;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import io.tourists.local.sqs.EmbeddedSqs;
import io.tourists.queue.DeadLetters.Refusal;
import io.tourists.testing.Infrastructure;
import io.tourists.testing.TestQueues;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Parking poison on a real ElasticMQ when SQS would refuse it as first sent: too big together, characters SQS
 * does not take in the detail, and a dead-letter queue that cannot be reached or does not exist.
 */
class DeadLetterParkingIT {

    private TestQueues queues;

    @BeforeEach
    void freshQueues() {
        queues = Infrastructure.newQueues("parking", 5, Duration.ofSeconds(30), false);
    }

    @Test
    void shouldParkTenBodiesOf120KbThatSqsRefusesInOneCall() {
        var calls = new AtomicInteger();
        var deadLetters = new DeadLetterQueue(counting(Infrastructure.sqsEndpoint(), calls), queues.deadLetterUrl(),
                Clock.systemUTC());
        var refusals = IntStream.range(0, 10)
                .mapToObj(i -> refusal("big-" + i, ("{\"padding\":\"" + "x".repeat(120_000) + "\"}"), "padding: unknown"))
                .toList();

        var notParked = deadLetters.park(refusals);

        assertThat(notParked).isEmpty();
        var parked = receiveAll(queues.deadLetterUrl());
        assertThat(parked).hasSize(10).allSatisfy(message -> {
            assertThat(message.body()).hasSize(120_014);
            assertThat(message.messageAttributes().get(MessageAttributes.FAILURE_REASON).stringValue())
                    .isEqualTo("invalid-message");
        });
        assertThat(calls.get()).as("two bodies per call fit in 256 KiB: five calls, none refused").isEqualTo(5);
    }

    @Test
    void shouldSendABodyOver256KibAlone_andItsSmallNeighboursTogether() {
        var calls = new AtomicInteger();
        var deadLetters = new DeadLetterQueue(counting(Infrastructure.sqsEndpoint(), calls), queues.deadLetterUrl(),
                Clock.systemUTC());
        var refusals = List.of(refusal("small-1", "{}", "tourist: is required"),
                refusal("huge", "{\"padding\":\"" + "x".repeat(300_000) + "\"}", "padding: unknown"),
                refusal("small-2", "{}", "tourist: is required"));

        var notParked = deadLetters.park(refusals);

        assertThat(notParked).isEmpty();
        assertThat(receiveAll(queues.deadLetterUrl())).extracting(m -> m.body().length())
                .containsExactlyInAnyOrder(2, 300_014, 2);
        assertThat(calls.get()).as("small-1, then huge alone, then small-2").isEqualTo(3);
    }

    @Test
    void shouldParkADetailWithCharactersSqsRefuses_replacingThem() {
        var deadLetters = new DeadLetterQueue(Infrastructure.sqs(), queues.deadLetterUrl(), Clock.systemUTC());
        var detail = "a\u0000b\uFFFFc\uFFFEd\uD800e: is not an envelope field";
        var refusals = List.of(refusal("odd", "{}", detail), refusal("plain", "{}", "tourist: is required"));

        var notParked = deadLetters.park(refusals);

        assertThat(notParked).isEmpty();
        var details = receiveAll(queues.deadLetterUrl()).stream()
                .map(m -> m.messageAttributes().get(MessageAttributes.FAILURE_DETAIL).stringValue()).toList();
        assertThat(details).containsExactlyInAnyOrder(
                "a\uFFFDb\uFFFDc\uFFFDd\uFFFDe: is not an envelope field", "tourist: is required");
    }

    @Test
    void shouldStopAtTheFirstCall_whenTheDeadLetterQueueCannotBeReached() throws Exception {
        int closedPort;
        try (var socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        var calls = new AtomicInteger();
        var deadLetters = new DeadLetterQueue(counting(URI.create("http://127.0.0.1:" + closedPort), calls),
                "http://127.0.0.1:" + closedPort + "/000000000000/nowhere", Clock.systemUTC());
        var refusals = IntStream.range(0, 30).mapToObj(i -> refusal("m" + i, "{}", "tourist: is required")).toList();

        var notParked = deadLetters.park(refusals);

        assertThat(notParked).hasSize(30);
        assertThat(calls.get()).as("one call tried, the other two chunks not at all").isEqualTo(1);
    }

    @Test
    void shouldStopAtTheFirstCall_whenTheDeadLetterQueueDoesNotExist() {
        var calls = new AtomicInteger();
        var deadLetters = new DeadLetterQueue(counting(Infrastructure.sqsEndpoint(), calls),
                queues.deadLetterUrl() + "-missing", Clock.systemUTC());
        var refusals = IntStream.range(0, 30).mapToObj(i -> refusal("m" + i, "{}", "tourist: is required")).toList();

        var notParked = deadLetters.park(refusals);

        assertThat(notParked).hasSize(30);
        assertThat(calls.get()).isEqualTo(1);
    }

    private Refusal refusal(String messageId, String body, String detail) {
        var message = new SQSMessage();
        message.setMessageId(messageId);
        message.setBody(body);
        message.setEventSourceArn(queues.arn());
        message.setAttributes(Map.of("ApproximateReceiveCount", "1",
                "ApproximateFirstReceiveTimestamp", Long.toString(System.currentTimeMillis())));
        message.setMessageAttributes(Map.of());
        return new Refusal(message, "invalid-message", detail);
    }

    private static List<Message> receiveAll(String url) {
        var all = new ArrayList<Message>();
        for (int i = 0; i < 20; i++) {
            var batch = Infrastructure.sqs().receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10)
                    .waitTimeSeconds(1).messageAttributeNames("All")
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
            if (batch.isEmpty()) {
                break;
            }
            all.addAll(batch);
        }
        return all;
    }

    /** A real client that counts the API calls it makes (each call, not each HTTP retry inside it). */
    private static SqsClient counting(URI endpoint, AtomicInteger calls) {
        return SqsClient.builder()
                .endpointOverride(endpoint)
                .region(Region.of(EmbeddedSqs.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClientBuilder(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.builder())
                .overrideConfiguration(c -> c.apiCallTimeout(Duration.ofSeconds(5))
                        .addExecutionInterceptor(new ExecutionInterceptor() {
                            @Override
                            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                                calls.incrementAndGet();
                            }
                        }))
                .build();
    }
}
