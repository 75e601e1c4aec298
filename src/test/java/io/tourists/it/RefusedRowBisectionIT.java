package io.tourists.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tourists.consumer.WriteBatchConsumer;
import io.tourists.db.Databases;
import io.tourists.db.DbSettings;
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

    private final CountingDataSource counting = new CountingDataSource(Infrastructure.consumerDataSource());

    @BeforeEach
    void refuseZed() {
        Infrastructure.resetDatabase();
        Infrastructure.execute("alter table tourist add constraint tourist_no_zed check (first_name <> 'Zed')");
    }

    @AfterEach
    void acceptZedAgain() {
        Infrastructure.execute("alter table tourist drop constraint if exists tourist_no_zed");
        Infrastructure.execute("alter table write_rejection drop constraint if exists write_rejection_refused");
        Infrastructure.execute("drop trigger if exists tourist_slow on tourist");
        Infrastructure.execute("drop function if exists tourist_slow()");
    }

    @Test
    void aLoneWriteInABatchRefusedForItsRejections_isTriedAlone_andApplied_notBlamed() {
        // The batch's one statement also records its rejections; here PostgreSQL refuses those, not the write.
        Infrastructure.execute("alter table write_rejection add constraint write_rejection_refused "
                + "check (reason <> 'invalid-message')");
        var pipeline = new Pipeline(Infrastructure.newQueues("lone", 5, Duration.ofSeconds(60), false),
                Infrastructure.dataSource(), Pipeline.batchesOf(10));
        var now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        var good = Tourists.upsert(UUID.randomUUID(), now, Tourists.ada());
        pipeline.send(WriteEnvelope.encode(good));
        pipeline.send(WriteEnvelope.encode(Tourists.upsert(UUID.randomUUID(), now, Tourists.ada()))
                .replace("ada@example.com", "not-an-email"));

        var invocations = pipeline.drain();

        assertThat(invocations).extracting(BatchPoller.Invocation::failedItems)
                .allSatisfy(failed -> assertThat(failed).isEmpty());
        assertThat(Rows.tourist(good.touristId())).as("the good write is applied").isNotNull();
        var parked = Infrastructure.sqs().receiveMessage(r -> r.queueUrl(pipeline.queues.deadLetterUrl())
                .messageAttributeNames("All").maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
        assertThat(parked).singleElement().satisfies(message -> assertThat(
                message.messageAttributes().get(MessageAttributes.FAILURE_REASON).stringValue())
                .isEqualTo(WriteBatchConsumer.INVALID_MESSAGE));
    }

    @Test
    void aStatementTimeoutOnABatch_isSplit_theWritesThatFitAreApplied_andTheSlowPartGoesBackNotToTheDlq() {
        // One row takes 2 s to write, over a 1 s statement_timeout: any statement holding it times out.
        Infrastructure.execute("""
                create function tourist_slow() returns trigger language plpgsql as $$
                begin
                    if new.first_name = 'Slow' then perform pg_sleep(2); end if;
                    return new;
                end $$""");
        Infrastructure.execute("create trigger tourist_slow before insert or update on tourist "
                + "for each row execute function tourist_slow()");
        var settings = DbSettings.fromEnvironment(Infrastructure.databaseVariables())
                .withServerTimeouts(new DbSettings.ServerTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1)));
        try (var consumerPool = Databases.pool(settings, "timeout-split")) {
            var pipeline = new Pipeline(Infrastructure.newQueues("timeouts", 21, Duration.ofSeconds(60), false),
                    consumerPool, new BatchPoller.Settings(40, Duration.ofSeconds(2), Duration.ofSeconds(60)));
            var now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            for (int i = 0; i < 40; i++) {
                pipeline.send(WriteEnvelope.encode(Tourists.upsert(UUID.randomUUID(), now,
                        Tourists.named(i == 30 ? "Slow" : "Good"))));
            }

            var invocation = pipeline.pollOnce();

            // 40 timed out; 0-19 applied; 20-39 timed out; 20-29 applied; 30-39 timed out: the third, so stop.
            assertThat(invocation.received()).isEqualTo(40);
            assertThat(invocation.error()).as("not an outage").isEmpty();
            assertThat(invocation.failedItems()).as("the slow part goes back").hasSize(10);
            assertThat(Rows.count("select count(*) from tourist")).isEqualTo(30);
            assertThat(Infrastructure.depth(pipeline.queues.deadLetterUrl())).isZero();
        }
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
