package io.tourists.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tourists.consumer.WriteBatchConsumer;
import io.tourists.local.sqs.BatchPoller;
import io.tourists.queue.MessageAttributes;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * One write PostgreSQL refuses in a batch of 1,000: found by halving the batch, so it costs about 2 log2(1000)
 * statements, not one per write. Counted at the JDBC edge: the whole batch (refused), at most two per halving
 * (each half of a refused part), and one to record the refusal.
 */
class RefusedRowBisectionIT {

    private static final int BATCH = 1_000;

    private final CountingDataSource counting = new CountingDataSource(Infrastructure.dataSource());

    @BeforeEach
    void refuseZed() {
        Infrastructure.resetDatabase();
        Infrastructure.execute("alter table tourist add constraint tourist_no_zed check (first_name <> 'Zed')");
    }

    @AfterEach
    void acceptZedAgain() {
        Infrastructure.execute("alter table tourist drop constraint if exists tourist_no_zed");
    }

    @Test
    void oneRefusedWriteAmongAThousandCostsLogarithmicallyManyStatements() {
        var pipeline = new Pipeline(Infrastructure.newQueues("bisection", 5, Duration.ofSeconds(60), false),
                counting, new BatchPoller.Settings(BATCH, Duration.ofSeconds(5), Duration.ofSeconds(60)));
        var refused = sendWritesWithOneZed(pipeline, 613);
        counting.reset();

        var invocation = pipeline.pollOnce();

        int bound = 1 + 2 * (int) Math.ceil(Math.log(BATCH) / Math.log(2)) + 1;
        System.out.printf("RefusedRowBisectionIT: %d statements for a batch of %d with one refused write%n",
                counting.roundTrips(), BATCH);
        assertThat(invocation.received()).isEqualTo(BATCH);
        assertThat(invocation.failedItems()).isEmpty();
        assertThat(counting.roundTrips()).as("statements sent to PostgreSQL").isLessThanOrEqualTo(bound);
        assertThat(Rows.count("select count(*) from tourist")).isEqualTo(BATCH - 1);
        var parked = Infrastructure.sqs().receiveMessage(r -> r.queueUrl(pipeline.queues.deadLetterUrl())
                .messageAttributeNames("All").maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
        assertThat(parked).singleElement().satisfies(message -> {
            assertThat(message.body()).isEqualTo(refused);
            assertThat(message.messageAttributes().get(MessageAttributes.FAILURE_REASON).stringValue())
                    .isEqualTo(WriteBatchConsumer.REJECTED_BY_DATABASE);
        });
    }

    /** Sends {@link #BATCH} writes, the one at {@code zedAt} for a tourist named Zed; returns that one's body. */
    private static String sendWritesWithOneZed(Pipeline pipeline, int zedAt) {
        var now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        var entries = new ArrayList<SendMessageBatchRequestEntry>();
        String zed = null;
        for (int i = 0; i < BATCH; i++) {
            var body = WriteEnvelope.encode(Tourists.upsert(UUID.randomUUID(), now,
                    Tourists.named(i == zedAt ? "Zed" : "Good")));
            if (i == zedAt) {
                zed = body;
            }
            entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(i % 10)).messageBody(body).build());
            if (entries.size() == 10) {
                var batch = new ArrayList<>(entries);
                Infrastructure.sqs().sendMessageBatch(r -> r.queueUrl(pipeline.queues.url()).entries(batch));
                entries.clear();
            }
        }
        return zed;
    }

}
