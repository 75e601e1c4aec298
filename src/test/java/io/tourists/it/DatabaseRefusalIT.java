package io.tourists.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tourists.consumer.WriteBatchConsumer;
import io.tourists.db.StoreException;
import io.tourists.queue.MessageAttributes;
import io.tourists.queue.WriteEnvelope;
import io.tourists.testing.Infrastructure;
import io.tourists.testing.Pipeline;
import io.tourists.testing.Rows;
import io.tourists.testing.Tourists;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What PostgreSQL refuses. A rule the database knows and the consumer does not parks only the refused write;
 * a database that cannot take writes at all (here: a table missing, as before a migration) fails the batch
 * whole and parks nothing.
 */
class DatabaseRefusalIT {

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    private Pipeline pipeline;

    @BeforeEach
    void freshQueuesAndTables() {
        Infrastructure.resetDatabase();
        pipeline = new Pipeline(Infrastructure.newQueues("refusal", 5, Duration.ofSeconds(2), false),
                Infrastructure.consumerDataSource(), Pipeline.batchesOf(10));
    }

    @AfterEach
    void restoreSchema() {
        Infrastructure.execute("alter table if exists tourist_moved_away rename to tourist");
        Infrastructure.execute("alter table tourist drop constraint if exists tourist_no_zed");
    }

    @Test
    void aWriteTheDatabaseRefusesIsParkedAloneWhileItsNeighboursAndTheirDuplicatesApply() {
        Infrastructure.execute("alter table tourist add constraint tourist_no_zed check (first_name <> 'Zed')");
        var good = Tourists.upsert(UUID.randomUUID(), now, Tourists.named("Good"));
        var refused = Tourists.upsert(UUID.randomUUID(), now, Tourists.named("Zed"));
        var other = Tourists.upsert(UUID.randomUUID(), now, Tourists.named("Other"));
        pipeline.send(WriteEnvelope.encode(good));
        pipeline.send(WriteEnvelope.encode(refused));
        pipeline.send(WriteEnvelope.encode(other));
        pipeline.send(WriteEnvelope.encode(good));

        var invocation = pipeline.pollOnce();

        assertThat(invocation.received()).isEqualTo(4);
        assertThat(invocation.failedItems()).isEmpty();
        assertThat(Rows.tourist(good.touristId()).firstName()).isEqualTo("Good");
        assertThat(Rows.tourist(other.touristId()).firstName()).isEqualTo("Other");
        assertThat(Rows.tourist(refused.touristId())).isNull();
        assertThat(Rows.count("select count(*) from applied_write")).isEqualTo(2);
        var parked = Infrastructure.sqs().receiveMessage(r -> r.queueUrl(pipeline.queues.deadLetterUrl())
                .messageAttributeNames("All").maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
        assertThat(parked).singleElement().satisfies(message -> {
            assertThat(message.body()).isEqualTo(WriteEnvelope.encode(refused));
            assertThat(message.messageAttributes().get(MessageAttributes.FAILURE_REASON).stringValue())
                    .isEqualTo(WriteBatchConsumer.REJECTED_BY_DATABASE);
            assertThat(message.messageAttributes().get(MessageAttributes.FAILURE_DETAIL).stringValue())
                    .contains("tourist_no_zed");
        });
    }

    @Test
    void aDatabaseThatCannotTakeWritesFailsTheBatchWholeAndParksNothing() {
        Infrastructure.execute("alter table tourist rename to tourist_moved_away");
        for (int i = 0; i < 3; i++) {
            pipeline.send(WriteEnvelope.encode(Tourists.upsert(UUID.randomUUID(), now, Tourists.ada())));
        }

        var invocation = pipeline.pollOnce();

        assertThat(invocation.error()).get().isInstanceOf(StoreException.Unavailable.class);
        assertThat(Infrastructure.depth(pipeline.queues.url())).isEqualTo(3);
        assertThat(Infrastructure.depth(pipeline.queues.deadLetterUrl())).isZero();
    }

}
