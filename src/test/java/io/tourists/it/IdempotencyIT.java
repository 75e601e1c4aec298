package io.tourists.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tourists.consumer.WriteBatchConsumer;
import io.tourists.local.sqs.BatchPoller;
import io.tourists.queue.WriteEnvelope;
import io.tourists.testing.CapturedLogs;
import io.tourists.testing.HttpApiRequests;
import io.tourists.testing.Infrastructure;
import io.tourists.testing.Pipeline;
import io.tourists.testing.Rows;
import io.tourists.testing.Tourists;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A writeId is applied at most once: redelivery, a retried POST, a duplicate inside one batch. */
class IdempotencyIT {

    private Pipeline pipeline;

    @BeforeEach
    void freshQueuesAndTables() {
        Infrastructure.resetDatabase();
        pipeline = new Pipeline(Infrastructure.newQueues("idempotency", 5, Duration.ofSeconds(30), false),
                Infrastructure.consumerDataSource(), Pipeline.batchesOf(2));
    }

    @Test
    void theSameWriteDeliveredFiveTimesIsAppliedOnce() {
        var touristId = UUID.randomUUID();
        var write = Tourists.upsert(touristId, Instant.now().truncatedTo(ChronoUnit.MICROS), Tourists.ada());
        var body = WriteEnvelope.encode(write);
        for (int i = 0; i < 5; i++) {
            pipeline.send(body);
        }

        List<BatchPoller.Invocation> invocations;
        try (var logs = new CapturedLogs(WriteBatchConsumer.class)) {
            invocations = pipeline.drain();
            assertThat(logs.lines()).extracting(CapturedLogs.Line::message)
                    .filteredOn(message -> message.startsWith("write "))
                    .containsExactlyInAnyOrder("write applied", "write duplicate", "write duplicate",
                            "write duplicate", "write duplicate");
        }

        assertThat(invocations).as("spread over several batches of 2").hasSizeGreaterThanOrEqualTo(3)
                .allSatisfy(invocation -> assertThat(invocation.failedItems()).isEmpty());
        assertThat(Rows.count("select count(*) from applied_write where write_id = '" + write.writeId() + "'"))
                .isEqualTo(1);
        assertThat(Rows.count("select count(*) from tourist")).isEqualTo(1);
        assertThat(Rows.tourist(touristId).versionWriteId()).isEqualTo(write.writeId());
        assertThat(Infrastructure.depth(pipeline.queues.url())).isZero();
        assertThat(Infrastructure.depth(pipeline.queues.deadLetterUrl())).isZero();
    }

    @Test
    void aRedeliveredOldWriteDoesNotUndoALaterOne() {
        var touristId = UUID.randomUUID();
        var now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        var first = Tourists.upsert(touristId, now.minusSeconds(10), Tourists.named("First"));
        var second = Tourists.upsert(touristId, now, Tourists.named("Second"));
        pipeline.send(WriteEnvelope.encode(first));
        pipeline.drain();
        pipeline.send(WriteEnvelope.encode(second));
        pipeline.drain();

        pipeline.send(WriteEnvelope.encode(first));
        pipeline.drain();

        assertThat(Rows.tourist(touristId).firstName()).isEqualTo("Second");
    }

    @Test
    void aRetriedPostWithTheSameIdempotencyKeyGetsTheSameIdsAndIsAppliedOnce() {
        var key = Map.of("idempotency-key", "order-7f3a");
        var first = pipeline.call(HttpApiRequests.json("POST", "/tourists", Tourists.adaJson(), key));
        pipeline.drain();
        var retry = pipeline.call(HttpApiRequests.json("POST", "/tourists",
                Tourists.adaJson().replace("Ada", "Augusta"), key));

        assertThat(first.getStatusCode()).isEqualTo(202);
        assertThat(Pipeline.body(retry)).isEqualTo(Pipeline.body(first));

        try (var logs = new CapturedLogs(WriteBatchConsumer.class)) {
            pipeline.drain();
            assertThat(logs.lines()).extracting(CapturedLogs.Line::message).contains("write duplicate")
                    .doesNotContain("write applied", "write stale");
        }

        var touristId = UUID.fromString(Pipeline.body(first).get("touristId").asText());
        assertThat(Rows.count("select count(*) from applied_write")).isEqualTo(1);
        assertThat(Rows.tourist(touristId).firstName()).as("the first accepted write wins").isEqualTo("Ada");
    }
}
