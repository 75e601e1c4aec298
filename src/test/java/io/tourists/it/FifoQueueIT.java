package io.tourists.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tourists.queue.SqsWriteQueue;
import io.tourists.queue.WriteEnvelope;
import io.tourists.testing.Infrastructure;
import io.tourists.testing.Pipeline;
import io.tourists.testing.Rows;
import io.tourists.testing.TestQueues;
import io.tourists.testing.Tourists;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * FIFO queues: the tourist is the message group, and a failure stops the batch there.
 * https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html
 */
class FifoQueueIT {

    private final UUID touristId = UUID.randomUUID();
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    private TestQueues queues;

    @BeforeEach
    void freshQueuesAndTables() {
        Infrastructure.resetDatabase();
        queues = Infrastructure.newQueues("fifo", 5, Duration.ofSeconds(2), true);
    }

    @Test
    void writesToOneTouristShareAMessageGroup() {
        new SqsWriteQueue(Infrastructure.sqs(), queues.url())
                .send(Tourists.upsert(touristId, now, Tourists.ada()), "corr-1");

        var message = Infrastructure.sqs().receiveMessage(r -> r.queueUrl(queues.url())
                .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages().getFirst();

        assertThat(message.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID)).isEqualTo(touristId.toString());
    }

    @Test
    void aFailureReportsItselfAndEveryMessageAfterIt() {
        var pipeline = new Pipeline(queues, Infrastructure.consumerDataSource(), Pipeline.batchesOf(10),
                queues.deadLetterUrl().replace(".fifo", "-missing.fifo"));
        var first = sendRaw(WriteEnvelope.encode(Tourists.upsert(touristId, now.minusSeconds(2), Tourists.named("First"))));
        var poison = sendRaw(WriteEnvelope.encode(Tourists.upsert(touristId, now.minusSeconds(1), Tourists.ada()))
                .replace("ada@example.com", "broken"));
        var third = sendRaw(WriteEnvelope.encode(Tourists.upsert(touristId, now, Tourists.named("Third"))));

        var invocation = pipeline.pollOnce();

        assertThat(invocation.received()).isEqualTo(3);
        assertThat(invocation.failedItems()).as("the unparkable poison and the message after it")
                .containsExactly(poison, third)
                .doesNotContain(first);
        assertThat(Rows.tourist(touristId).firstName()).as("reported for retry, but already applied")
                .isEqualTo("Third");
    }

    @Test
    void aParkedPoisonMessageDoesNotStopItsGroup() {
        var pipeline = new Pipeline(queues, Infrastructure.consumerDataSource(), Pipeline.batchesOf(10));
        var queue = new SqsWriteQueue(Infrastructure.sqs(), queues.url());
        queue.send(Tourists.upsert(touristId, now.minusSeconds(2), Tourists.named("First")), "c");
        sendRaw("{\"type\":\"tourist.upserted\"}");
        queue.send(Tourists.upsert(touristId, now, Tourists.named("Third")), "c");

        var invocation = pipeline.pollOnce();

        assertThat(invocation.failedItems()).isEmpty();
        assertThat(Rows.tourist(touristId).firstName()).isEqualTo("Third");
        assertThat(Infrastructure.depth(queues.deadLetterUrl())).isEqualTo(1);
    }

    private String sendRaw(String body) {
        return Infrastructure.sqs().sendMessage(r -> r.queueUrl(queues.url()).messageBody(body)
                .messageGroupId(touristId.toString()).messageDeduplicationId(UUID.randomUUID().toString())).messageId();
    }
}
