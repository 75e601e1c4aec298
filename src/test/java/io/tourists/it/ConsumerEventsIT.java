package io.tourists.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import io.tourists.consumer.ConsumerFunction;
import io.tourists.consumer.WriteBatchConsumer;
import io.tourists.lambda.InvocationMetrics;
import io.tourists.testing.Infrastructure;
import io.tourists.testing.Pipeline;
import io.tourists.testing.Rows;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * The consumer handler fed AWS's own SQS event JSON (src/test/resources/events), as the Lambda runtime hands
 * it over: a valid write, a poison message, a valid write, with a dead-letter queue that cannot be reached,
 * so the poison must be reported for retry. https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html
 */
class ConsumerEventsIT {

    private static final UUID TOURIST = UUID.fromString("01a2069b-0000-7000-8000-00000000f1f0");
    private static final String POISON = "a7f2a1c3-5b1e-4c7e-9d7a-2f3b4c5d6e7f";
    private static final String AFTER_POISON = "c1e2d3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f";

    private ConsumerFunction consumer;

    @BeforeEach
    void consumerWithAnUnreachableDeadLetterQueue() {
        Infrastructure.resetDatabase();
        // The events' writes occurred on 2026-11-01 around 10:00: judged from then, they are neither too old nor
        // too far in the future.
        var clock = Clock.fixed(Instant.parse("2026-11-01T10:05:00Z"), ZoneOffset.UTC);
        var queues = Infrastructure.newQueues("events", 5, java.time.Duration.ofSeconds(30), false);
        var unreachable = new WriteBatchConsumer.Queues(queues.url(), queues.deadLetterUrl() + "-missing");
        consumer = new ConsumerFunction(
                WriteBatchConsumer.of(Infrastructure.dataSource(), Infrastructure.sqs(), unreachable, clock),
                InvocationMetrics.off());
    }

    @ParameterizedTest
    @Event(value = "events/sqs-fifo-event.json", type = SQSEvent.class)
    void shouldReportTheFirstFailureAndEveryMessageAfterIt_withSQSFIFO(SQSEvent event) {
        var response = consumer.handleRequest(event, Pipeline.context());

        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly(POISON, AFTER_POISON);
        assertThat(Rows.tourist(TOURIST).firstName()).as("applied before the failure was known").isEqualTo("Third");
    }

    @ParameterizedTest
    @Event(value = "events/sqs-standard-event.json", type = SQSEvent.class)
    void shouldReportOnlyTheMessageThatFailed_withAStandardQueue(SQSEvent event) {
        var response = consumer.handleRequest(event, Pipeline.context());

        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly(POISON);
        assertThat(Rows.tourist(TOURIST).firstName()).isEqualTo("Third");
        assertThat(Rows.count("select count(*) from applied_write")).isEqualTo(2);
    }
}
