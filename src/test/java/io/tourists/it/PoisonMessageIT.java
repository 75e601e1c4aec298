package io.tourists.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tourists.consumer.WriteBatchConsumer;
import io.tourists.queue.MessageAttributes;
import io.tourists.queue.WriteEnvelope;
import io.tourists.testing.Infrastructure;
import io.tourists.testing.Pipeline;
import io.tourists.testing.Rows;
import io.tourists.testing.TestQueues;
import io.tourists.testing.Tourists;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One bad message never fails its neighbours, and is not retried pointlessly. */
class PoisonMessageIT {

    private TestQueues queues;

    @BeforeEach
    void freshQueuesAndTables() {
        Infrastructure.resetDatabase();
        queues = Infrastructure.newQueues("poison", 5, Duration.ofSeconds(2), false);
    }

    @Test
    void aPoisonMessageAmongNineGoodOnesIsParkedWithItsReasonAndNotRetried() {
        var pipeline = new Pipeline(queues, Infrastructure.consumerDataSource(), Pipeline.batchesOf(10));
        var bodies = nineGoodWritesAndOneWithABadEmail();
        bodies.forEach(pipeline::send);

        var invocation = pipeline.pollOnce();

        assertThat(invocation.received()).isEqualTo(10);
        assertThat(invocation.failedItems()).as("the poison is parked, not reported for retry").isEmpty();
        assertThat(Rows.count("select count(*) from tourist")).isEqualTo(9);
        assertThat(Infrastructure.depth(queues.url())).as("nothing left to retry").isZero();

        var parked = Infrastructure.sqs().receiveMessage(r -> r.queueUrl(queues.deadLetterUrl())
                .messageAttributeNames("All").messageSystemAttributeNames(
                        software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName.ALL)
                .maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
        assertThat(parked).hasSize(1);
        var attributes = parked.getFirst().messageAttributes();
        assertThat(attributes.get(MessageAttributes.FAILURE_REASON).stringValue())
                .isEqualTo(WriteBatchConsumer.INVALID_MESSAGE);
        assertThat(attributes.get(MessageAttributes.FAILURE_DETAIL).stringValue()).contains("tourist.email");
        assertThat(attributes.get(MessageAttributes.SOURCE_RECEIVE_COUNT).stringValue()).isEqualTo("1");
        assertThat(parked.getFirst().body()).as("the publisher's body, untouched").isEqualTo(bodies.get(4));
    }

    @Test
    void aMessageThatIsNotEvenJsonIsParkedToo() {
        var pipeline = new Pipeline(queues, Infrastructure.consumerDataSource(), Pipeline.batchesOf(10));
        pipeline.send("this is not json");

        var invocation = pipeline.pollOnce();

        assertThat(invocation.failedItems()).isEmpty();
        assertThat(Infrastructure.depth(queues.deadLetterUrl())).isEqualTo(1);
    }

    @Test
    void aPoisonMessageThatCannotBeParkedIsRetriedWhileItsNeighboursAreApplied() {
        var pipeline = new Pipeline(queues, Infrastructure.consumerDataSource(), Pipeline.batchesOf(10),
                queues.deadLetterUrl() + "-missing");
        var bodies = nineGoodWritesAndOneWithABadEmail();
        var messageIds = bodies.stream().map(pipeline::send).toList();

        var invocation = pipeline.pollOnce();

        assertThat(invocation.failedItems()).containsExactly(messageIds.get(4));
        assertThat(Rows.count("select count(*) from tourist")).isEqualTo(9);
        assertThat(Infrastructure.depth(queues.url())).as("the poison stays on the queue").isEqualTo(1);
    }

    private static ArrayList<String> nineGoodWritesAndOneWithABadEmail() {
        var now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        var bodies = new ArrayList<String>();
        for (int i = 0; i < 9; i++) {
            bodies.add(WriteEnvelope.encode(Tourists.upsert(UUID.randomUUID(), now, Tourists.named("Good" + (char) ('a' + i)))));
        }
        bodies.add(4, WriteEnvelope.encode(Tourists.upsert(UUID.randomUUID(), now, Tourists.ada()))
                .replace("ada@example.com", "not-an-email"));
        return bodies;
    }
}
