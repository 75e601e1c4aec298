package io.tourists.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tourists.domain.Precondition;
import io.tourists.domain.TouristWrite;
import io.tourists.queue.WriteEnvelope;
import io.tourists.testing.CountingDataSource;
import io.tourists.testing.Infrastructure;
import io.tourists.testing.Pipeline;
import io.tourists.testing.Rows;
import io.tourists.testing.Tourists;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/** A batch costs the same number of round trips to PostgreSQL whatever its size. */
class BatchRoundTripsIT {

    private final CountingDataSource counting = new CountingDataSource(Infrastructure.consumerDataSource());

    @BeforeEach
    void emptyTables() {
        Infrastructure.resetDatabase();
    }

    @ParameterizedTest(name = "a batch of {0}")
    @ValueSource(ints = {10, 1000})
    void aBatchIsCommittedInOneStatement(int size) {
        var pipeline = new Pipeline(Infrastructure.newQueues("round-trips", 5, Duration.ofSeconds(60), false),
                counting, new io.tourists.local.sqs.BatchPoller.Settings(size, Duration.ofSeconds(5),
                        Duration.ofSeconds(60)));
        sendWrites(pipeline, size);
        counting.reset();

        var invocation = pipeline.pollOnce();

        assertThat(invocation.received()).isEqualTo(size);
        assertThat(invocation.failedItems()).isEmpty();
        assertThat(counting.roundTrips()).as("statements and commits sent to PostgreSQL").isEqualTo(1);
        assertThat(Rows.count("select count(*) from tourist")).isEqualTo(size);
        assertThat(Rows.count("select count(*) from applied_write")).isEqualTo(size);
    }

    @Test
    void aBatchWithInvalidMessagesRecordsTheirRejectionsInTheSameOneStatement() {
        var pipeline = new Pipeline(Infrastructure.newQueues("round-trips-invalid", 5, Duration.ofSeconds(60), false),
                counting, Pipeline.batchesOf(10));
        var now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        for (int i = 0; i < 7; i++) {
            pipeline.send(WriteEnvelope.encode(Tourists.upsert(UUID.randomUUID(), now, Tourists.ada())));
        }
        for (int i = 0; i < 3; i++) {
            pipeline.send(WriteEnvelope.encode(Tourists.upsert(UUID.randomUUID(), now, Tourists.ada()))
                    .replace("\"GB\"", "\"XX\""));
        }
        counting.reset();

        var invocation = pipeline.pollOnce();

        assertThat(invocation.received()).isEqualTo(10);
        assertThat(counting.roundTrips()).as("statements and commits sent to PostgreSQL").isEqualTo(1);
        assertThat(Rows.count("select count(*) from tourist")).isEqualTo(7);
        assertThat(Rows.count("select count(*) from write_rejection")).isEqualTo(3);
    }

    @Test
    void aBatchWithConditionalWritesChecksThemInTheSameOneStatement() {
        var pipeline = new Pipeline(Infrastructure.newQueues("round-trips-conditional", 5, Duration.ofSeconds(60),
                false), counting, Pipeline.batchesOf(10));
        var now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        var base = Tourists.upsert(UUID.randomUUID(), now.minusSeconds(10), Tourists.ada());
        pipeline.send(WriteEnvelope.encode(base));
        pipeline.drain();
        for (int i = 0; i < 5; i++) {
            var condition = i % 2 == 0 ? new Precondition.Version(base.writeId()) : Precondition.EXISTS;
            pipeline.send(WriteEnvelope.encode(new TouristWrite.Upsert(UUID.randomUUID(), base.touristId(),
                    now.minusSeconds(5 - i), Tourists.ada(), condition)));
            pipeline.send(WriteEnvelope.encode(Tourists.upsert(UUID.randomUUID(), now, Tourists.ada())));
        }
        counting.reset();

        var invocation = pipeline.pollOnce();

        assertThat(invocation.received()).isEqualTo(10);
        assertThat(counting.roundTrips()).as("statements and commits sent to PostgreSQL").isEqualTo(1);
        assertThat(Rows.count("select count(*) from write_rejection where reason = 'version-conflict'"))
                .as("the third and fifth name a version the first replaced").isEqualTo(2);
    }

    private static void sendWrites(Pipeline pipeline, int count) {
        var now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        var entries = new ArrayList<SendMessageBatchRequestEntry>();
        for (int i = 0; i < count; i++) {
            entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(i % 10))
                    .messageBody(WriteEnvelope.encode(Tourists.upsert(UUID.randomUUID(), now, Tourists.ada()))).build());
            if (entries.size() == 10) {
                var batch = new ArrayList<>(entries);
                Infrastructure.sqs().sendMessageBatch(r -> r.queueUrl(pipeline.queues.url()).entries(batch));
                entries.clear();
            }
        }
        if (!entries.isEmpty()) {
            Infrastructure.sqs().sendMessageBatch(r -> r.queueUrl(pipeline.queues.url()).entries(entries));
        }
    }
}
