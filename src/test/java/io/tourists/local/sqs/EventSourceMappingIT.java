package io.tourists.local.sqs;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.tourists.local.lambda.ExecutionEnvironments;
import io.tourists.local.lambda.LocalContext;
import io.tourists.queue.SqsClients;
import io.tourists.testing.SqsProxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * The promises of the event source mapping emulation, against a real ElasticMQ: the concurrency cap, the
 * batching window, partial batch failures with the visibility timeout and the redrive policy, timeouts and
 * errors returning whole batches, and a stop that leaves nothing unsettled. The functions here are test
 * doubles that record what they were given; settings are the test's own, with short visibility timeouts.
 */
class EventSourceMappingIT {

    private static final Duration BOUND = Duration.ofSeconds(60);

    private static EmbeddedSqs server;
    private static SqsClient sqs;

    private final List<EventSourceMapping> started = new ArrayList<>();

    @BeforeAll
    static void startSqs() {
        server = EmbeddedSqs.start(0);
        sqs = SqsClients.forEndpoint(server.endpoint(), Region.of(EmbeddedSqs.REGION),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")), Duration.ofSeconds(10));
    }

    @AfterAll
    static void stopSqs() {
        sqs.close();
        server.close();
    }

    @AfterEach
    void stopMappings() {
        started.forEach(EventSourceMapping::close);
    }

    @Test
    void shouldNeverRunMoreInvocationsAtOnceThanMaximumConcurrency_underABacklog() {
        var queue = queue(Map.of("VisibilityTimeout", "30"));
        send(queue, IntStream.range(0, 200).mapToObj(i -> "m" + i).toList());
        var function = new RecordingFunction().sleepingFor(Duration.ofMillis(50));

        var mapping = start(queue, new BatchPoller.Settings(10, Duration.ZERO, Duration.ofSeconds(10)), 3, function);

        awaitUntil(() -> mapping.stats().deleted() == 200);
        assertThat(function.peakConcurrency()).isLessThanOrEqualTo(3).isEqualTo(3);
        assertThat(function.distinctBodies()).hasSize(200);
        assertThat(mapping.coldStarts()).isLessThanOrEqualTo(3);
        assertThat(depth(queue)).isZero();
    }

    @Test
    void shouldGatherATrickleIntoOneBatch_whenTheBatchingWindowIsLong() throws InterruptedException {
        var queue = queue(Map.of("VisibilityTimeout", "30"));
        var function = new RecordingFunction();
        var mapping = start(queue, new BatchPoller.Settings(10, Duration.ofSeconds(4), Duration.ofSeconds(10)), 1,
                function);

        trickle(queue, 5, Duration.ofMillis(300));

        awaitUntil(() -> mapping.stats().deleted() == 5);
        assertThat(function.batches()).hasSize(1);
        assertThat(function.batches().getFirst()).hasSize(5);
    }

    @Test
    void shouldInvokeAsMessagesArrive_whenTheBatchingWindowIsZero() throws InterruptedException {
        var queue = queue(Map.of("VisibilityTimeout", "30"));
        var function = new RecordingFunction();
        var mapping = start(queue, new BatchPoller.Settings(10, Duration.ZERO, Duration.ofSeconds(10)), 1, function);

        trickle(queue, 5, Duration.ofMillis(300));

        awaitUntil(() -> mapping.stats().deleted() == 5);
        assertThat(function.batches()).hasSizeGreaterThan(1);
    }

    @Test
    void shouldRetryOnlyTheFailedItems_afterTheVisibilityTimeout_andMoveThemToTheDlqAfterMaxReceiveCount() {
        var deadLetters = queue(Map.of());
        var queue = queue(Map.of("VisibilityTimeout", "1", "RedrivePolicy",
                "{\"deadLetterTargetArn\":\"" + arn(deadLetters) + "\",\"maxReceiveCount\":\"3\"}"));
        send(queue, List.of("good-1", "poison", "good-2"));
        var function = new RecordingFunction().failing("poison");

        start(queue, new BatchPoller.Settings(10, Duration.ZERO, Duration.ofSeconds(10)), 2, function);

        awaitUntil(() -> depth(deadLetters) == 1);
        assertThat(function.deliveries("poison")).containsExactly("1", "2", "3");
        assertThat(function.deliveries("good-1")).containsExactly("1");
        assertThat(function.deliveries("good-2")).containsExactly("1");
        var deadLetter = sqs.receiveMessage(r -> r.queueUrl(deadLetters).waitTimeSeconds(1)).messages();
        assertThat(deadLetter).singleElement().satisfies(message -> assertThat(message.body()).isEqualTo("poison"));
        assertThat(depth(queue)).isZero();
    }

    @Test
    void shouldReturnTheWholeBatch_whenTheInvocationTimesOut_andReplaceTheEnvironment() {
        var queue = queue(Map.of("VisibilityTimeout", "2"));
        send(queue, List.of("a", "b", "c"));
        var function = new RecordingFunction().hangingOnFirstInvocation();

        var mapping = start(queue, new BatchPoller.Settings(10, Duration.ZERO, Duration.ofSeconds(1)), 1, function);

        awaitUntil(() -> mapping.stats().deleted() == 3);
        assertThat(function.batches().getFirst()).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(mapping.stats().timedOutInvocations()).isEqualTo(1);
        for (var body : List.of("a", "b", "c")) {
            assertThat(function.deliveries(body)).containsExactly("1", "2");
        }
        assertThat(mapping.coldStarts()).isEqualTo(2);
    }

    @Test
    void shouldReturnTheWholeBatch_whenTheFunctionThrows() {
        var queue = queue(Map.of("VisibilityTimeout", "1"));
        send(queue, List.of("a", "b"));
        var function = new RecordingFunction().throwingOnFirstInvocation();

        var mapping = start(queue, new BatchPoller.Settings(10, Duration.ZERO, Duration.ofSeconds(5)), 1, function);

        awaitUntil(() -> mapping.stats().deleted() == 2);
        assertThat(function.deliveries("a")).containsExactly("1", "2");
        assertThat(function.deliveries("b")).containsExactly("1", "2");
        assertThat(mapping.stats().erroredInvocations()).isEqualTo(1);
        assertThat(mapping.coldStarts()).isEqualTo(1);
    }

    @Test
    void shouldFailTheWholeBatch_whenTheResponseNamesAMessageThatIsNotInIt() {
        var queue = queue(Map.of("VisibilityTimeout", "1"));
        send(queue, List.of("a", "b"));
        var function = new RecordingFunction().answeringOnFirstInvocation("not-a-message-id");

        var mapping = start(queue, new BatchPoller.Settings(10, Duration.ZERO, Duration.ofSeconds(5)), 1, function);

        awaitUntil(() -> mapping.stats().deleted() == 2);
        assertThat(function.deliveries("a")).containsExactly("1", "2");
        assertThat(function.deliveries("b")).containsExactly("1", "2");
    }

    @Test
    void shouldIgnoreItemFailures_whenTheMappingDoesNotReportBatchItemFailures() {
        var queue = queue(Map.of("VisibilityTimeout", "1"));
        send(queue, List.of("good", "poison"));
        var function = new RecordingFunction().failing("poison");

        var mapping = start(queue, new BatchPoller.Settings(10, Duration.ZERO, Duration.ofSeconds(5), false), 1,
                function);

        awaitUntil(() -> mapping.stats().deleted() == 2);
        assertThat(function.deliveries("poison")).containsExactly("1");
        assertThat(depth(queue)).isZero();
    }

    @Test
    void shouldReturnAnUnsettledBatchToTheQueueAtOnce_whenStopped() {
        var queue = queue(Map.of("VisibilityTimeout", "300"));
        send(queue, List.of("a", "b"));
        var function = new RecordingFunction().hangingOnFirstInvocation();
        var mapping = start(queue, new BatchPoller.Settings(10, Duration.ZERO, Duration.ofSeconds(2)), 1, function);
        awaitUntil(() -> function.batches().size() == 1);

        mapping.mapping().close();

        var back = sqs.receiveMessage(r -> r.queueUrl(queue).maxNumberOfMessages(10).waitTimeSeconds(1)
                .messageSystemAttributeNamesWithStrings("ApproximateReceiveCount")).messages();
        assertThat(back).extracting(message -> message.body()).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void shouldInvokeTheBatchItIsGathering_whenStopped() {
        var queue = queue(Map.of("VisibilityTimeout", "300"));
        var function = new RecordingFunction();
        var mapping = start(queue, new BatchPoller.Settings(10, Duration.ofSeconds(30), Duration.ofSeconds(5)), 1,
                function);
        send(queue, List.of("a", "b"));
        awaitUntil(() -> invisible(queue) == 2);

        mapping.mapping().close();

        assertThat(function.batches()).singleElement()
                .satisfies(batch -> assertThat(batch).containsExactlyInAnyOrder("a", "b"));
        assertThat(depth(queue)).isZero();
    }

    @Test
    void aDeleteThatSqsFailsOnItsSide_isSentAgain_andNoMessageIsDeliveredTwice() {
        var queue = queue(Map.of("VisibilityTimeout", "1"));
        send(queue, List.of("a", "b", "c"));
        try (var proxy = SqsProxy.start(server.endpoint()); var throughProxy = client(proxy.endpoint())) {
            proxy.failBatchEntries("DeleteMessageBatch", BatchPoller.ENTRY_ATTEMPTS - 1, false, "0", "2");
            var poller = poller(throughProxy, queue, new RecordingFunction());

            var invocation = poller.pollOnce(Duration.ofSeconds(1));

            assertThat(invocation.received()).isPositive();
            assertThat(invocation.deleted()).isEqualTo(invocation.received());
            assertThat(invocation.notDeleted()).isEmpty();
            assertThat(depth(queue)).isEqualTo(3 - invocation.received());
        }
    }

    @Test
    void aDeleteThatSqsRefuses_isReportedAsNotDeleted_andTheMessageComesBackAfterItsVisibilityTimeout() {
        var queue = queue(Map.of("VisibilityTimeout", "1"));
        send(queue, List.of("a"));
        try (var proxy = SqsProxy.start(server.endpoint()); var throughProxy = client(proxy.endpoint())) {
            proxy.failBatchEntries("DeleteMessageBatch", 1, true, "0");
            var function = new RecordingFunction();
            var poller = poller(throughProxy, queue, function);

            var invocation = poller.pollOnce(Duration.ofSeconds(1));

            assertThat(invocation.received()).isEqualTo(1);
            assertThat(invocation.deleted()).isZero();
            assertThat(invocation.notDeleted()).hasSize(1);
            assertThat(depth(queue)).isEqualTo(1);
            assertThat(poller.pollOnce(Duration.ofSeconds(3)).deleted()).isEqualTo(1);
            assertThat(function.deliveries("a")).containsExactly("1", "2");
        }
    }

    @Test
    void aReturnToQueueThatSqsFailsOnItsSide_isSentAgain_andOneItRefuses_isReported() {
        var queue = queue(Map.of("VisibilityTimeout", "300"));
        send(queue, List.of("a"));
        try (var proxy = SqsProxy.start(server.endpoint()); var throughProxy = client(proxy.endpoint())) {
            var poller = poller(throughProxy, queue, new RecordingFunction());
            proxy.failBatchEntries("ChangeMessageVisibilityBatch", BatchPoller.ENTRY_ATTEMPTS - 1, false, "0");

            assertThat(poller.returnToQueue(poller.receive(Duration.ofSeconds(1), () -> true))).isEmpty();

            var again = poller.receive(Duration.ofSeconds(1), () -> true);
            assertThat(again).singleElement().satisfies(message -> assertThat(message.body()).isEqualTo("a"));
            proxy.failBatchEntries("ChangeMessageVisibilityBatch", 1, true, "0");
            assertThat(poller.returnToQueue(again)).isEqualTo(again);
            assertThat(poller.receive(Duration.ofSeconds(1), () -> true)).isEmpty();
        }
    }

    // --- a function that records what the mapping gives it ---------------------------------------------

    /** Records batches, deliveries (ApproximateReceiveCount per body) and the peak of concurrent invocations. */
    static final class RecordingFunction implements RequestHandler<SQSEvent, SQSBatchResponse> {
        private final AtomicInteger running = new AtomicInteger();
        private final AtomicInteger peak = new AtomicInteger();
        private final AtomicInteger invocations = new AtomicInteger();
        private final List<List<String>> batches = new CopyOnWriteArrayList<>();
        private final Map<String, List<String>> deliveries = new ConcurrentHashMap<>();
        private Duration sleep = Duration.ZERO;
        private Set<String> failingBodies = Set.of();
        private boolean hangFirst;
        private boolean throwFirst;
        private String bogusFirstFailure;

        RecordingFunction sleepingFor(Duration duration) {
            sleep = duration;
            return this;
        }

        RecordingFunction failing(String... bodies) {
            failingBodies = Set.of(bodies);
            return this;
        }

        RecordingFunction hangingOnFirstInvocation() {
            hangFirst = true;
            return this;
        }

        RecordingFunction throwingOnFirstInvocation() {
            throwFirst = true;
            return this;
        }

        RecordingFunction answeringOnFirstInvocation(String itemIdentifier) {
            bogusFirstFailure = itemIdentifier;
            return this;
        }

        @Override
        public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
            int now = running.incrementAndGet();
            peak.accumulateAndGet(now, Math::max);
            try {
                boolean first = invocations.incrementAndGet() == 1;
                var bodies = event.getRecords().stream().map(SQSEvent.SQSMessage::getBody).toList();
                batches.add(bodies);
                event.getRecords().forEach(message -> deliveries
                        .computeIfAbsent(message.getBody(), body -> new CopyOnWriteArrayList<>())
                        .add(message.getAttributes().get("ApproximateReceiveCount")));
                Thread.sleep(first && hangFirst ? Duration.ofSeconds(30) : sleep);
                if (first && throwFirst) {
                    throw new IllegalStateException("the function failed");
                }
                if (first && bogusFirstFailure != null) {
                    return new SQSBatchResponse(List.of(new SQSBatchResponse.BatchItemFailure(bogusFirstFailure)));
                }
                return new SQSBatchResponse(event.getRecords().stream()
                        .filter(message -> failingBodies.contains(message.getBody()))
                        .map(message -> new SQSBatchResponse.BatchItemFailure(message.getMessageId()))
                        .toList());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted: Lambda stopped this invocation", e);
            } finally {
                running.decrementAndGet();
            }
        }

        int peakConcurrency() {
            return peak.get();
        }

        List<List<String>> batches() {
            return batches;
        }

        Set<String> distinctBodies() {
            return deliveries.keySet();
        }

        List<String> deliveries(String body) {
            return deliveries.getOrDefault(body, List.of());
        }
    }

    // --- helpers ----------------------------------------------------------------------------------------

    /** A started mapping and the function environments it runs in. */
    private record Running(EventSourceMapping mapping, ExecutionEnvironments<?> environments) {
        EventSourceMapping.Stats stats() {
            return mapping.stats();
        }

        int coldStarts() {
            return environments.coldStarts();
        }
    }

    private Running start(String queue, BatchPoller.Settings settings, int maximumConcurrency,
                          RequestHandler<SQSEvent, SQSBatchResponse> function) {
        var mapping = new BatchPoller(sqs, queue, arn(queue), EmbeddedSqs.REGION, settings,
                () -> new LocalContext("TestFunction", 512, settings.functionTimeout()));
        var environments = new ExecutionEnvironments<RequestHandler<SQSEvent, SQSBatchResponse>>("TestFunction",
                OptionalInt.of(maximumConcurrency), () -> new ExecutionEnvironments.Environment<>(function, () -> {
                }));
        var polling = new EventSourceMapping(mapping, maximumConcurrency, environments, notice -> { });
        started.add(polling);
        polling.start();
        return new Running(polling, environments);
    }

    private static SqsClient client(java.net.URI endpoint) {
        return SqsClients.forEndpoint(endpoint, Region.of(EmbeddedSqs.REGION),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")), Duration.ofSeconds(10));
    }

    private static BatchPoller poller(SqsClient client, String queue, RecordingFunction function) {
        var settings = new BatchPoller.Settings(10, Duration.ZERO, Duration.ofSeconds(10));
        return new BatchPoller(client, queue, arn(queue), EmbeddedSqs.REGION, settings, function,
                () -> new LocalContext("TestFunction", 512, settings.functionTimeout()));
    }

    private static String queue(Map<String, String> attributes) {
        var name = "mapping-it-" + UUID.randomUUID();
        return sqs.createQueue(r -> r.queueName(name).attributesWithStrings(attributes)).queueUrl();
    }

    private static String arn(String queue) {
        return sqs.getQueueAttributes(r -> r.queueUrl(queue).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }

    private static void send(String queue, List<String> bodies) {
        for (int start = 0; start < bodies.size(); start += 10) {
            var chunk = bodies.subList(start, Math.min(start + 10, bodies.size()));
            var entries = IntStream.range(0, chunk.size())
                    .mapToObj(i -> SendMessageBatchRequestEntry.builder().id("e" + i).messageBody(chunk.get(i)).build())
                    .toList();
            sqs.sendMessageBatch(r -> r.queueUrl(queue).entries(entries));
        }
    }

    private static void trickle(String queue, int count, Duration gap) throws InterruptedException {
        for (int i = 0; i < count; i++) {
            var body = "t" + i;
            sqs.sendMessage(r -> r.queueUrl(queue).messageBody(body));
            Thread.sleep(gap);
        }
    }

    /** Messages in the queue, visible or not. */
    private static long depth(String queue) {
        var attributes = sqs.getQueueAttributes(r -> r.queueUrl(queue).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return Long.parseLong(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Long.parseLong(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    private static long invisible(String queue) {
        return Long.parseLong(sqs.getQueueAttributes(r -> r.queueUrl(queue).attributeNames(
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes()
                .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    private static void awaitUntil(BooleanSupplier condition) {
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached within " + BOUND);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }
}
