package io.tourists.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tourists.consumer.WriteBatchConsumer;
import io.tourists.queue.MessageAttributes;
import io.tourists.testing.Infrastructure;
import io.tourists.testing.Pipeline;
import io.tourists.testing.TestQueues;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Poison that SQS would refuse to take back as the consumer first put it: ten bodies of 120 KB in one batch
 * (over 256 KiB together), and a detail holding characters SQS does not take (a NUL and U+FFFF, from a JSON
 * field name). Each is still parked, with its reason, and nothing comes back for retry.
 */
class UnsendablePoisonIT {

    private TestQueues queues;
    private Pipeline pipeline;

    @BeforeEach
    void freshQueues() {
        Infrastructure.resetDatabase();
        queues = Infrastructure.newQueues("unsendable", 5, Duration.ofSeconds(30), false);
        pipeline = new Pipeline(queues, Infrastructure.consumerDataSource(), Pipeline.batchesOf(10));
    }

    @Test
    void tenPoisonBodiesOf120KbAreAllParked() {
        for (int i = 0; i < 10; i++) {
            pipeline.send("{\"padding\":\"" + Character.toString('a' + i).repeat(120_000) + "\"}");
        }

        var invocation = pipeline.pollOnce();

        assertThat(invocation.received()).isEqualTo(10);
        assertThat(invocation.failedItems()).isEmpty();
        assertThat(parked()).hasSize(10).allSatisfy(message -> assertThat(
                message.messageAttributes().get(MessageAttributes.FAILURE_REASON).stringValue())
                .isEqualTo(WriteBatchConsumer.INVALID_MESSAGE));
        assertThat(Infrastructure.depth(queues.url())).isZero();
    }

    @Test
    void aFieldNameWithCharactersSqsRefusesIsParked_withTheCharactersReplacedWhereUnknownNamesAreMadeSafe() {
        var body = "{\"bad\\u0000name\\uffff\":1}";
        pipeline.send(body);

        var invocation = pipeline.pollOnce();

        assertThat(invocation.failedItems()).isEmpty();
        assertThat(parked()).singleElement().satisfies(message -> {
            assertThat(message.body()).isEqualTo(body);
            assertThat(message.messageAttributes().get(MessageAttributes.FAILURE_REASON).stringValue())
                    .isEqualTo(WriteBatchConsumer.INVALID_MESSAGE);
            assertThat(message.messageAttributes().get(MessageAttributes.FAILURE_DETAIL).stringValue())
                    .contains("bad?name?: is not an envelope field");
        });
    }

    private List<Message> parked() {
        var all = new ArrayList<Message>();
        for (int i = 0; i < 5; i++) {
            var batch = Infrastructure.sqs().receiveMessage(r -> r.queueUrl(queues.deadLetterUrl())
                    .messageAttributeNames("All").maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
            if (batch.isEmpty()) {
                break;
            }
            all.addAll(batch);
        }
        return all;
    }
}
