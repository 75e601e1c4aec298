package io.tourists.ops.dlq;

import io.tourists.local.sqs.EmbeddedSqs;
import io.tourists.ops.Cli;
import io.tourists.queue.SqsClients;
import io.tourists.testing.TestQueues;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

import static io.tourists.ops.ConsumerStack.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Purging is the one command that destroys: it asks first, and "no" (or no answer) deletes nothing; it empties
 * only the write queue's dead-letter target, and never while a redrive is moving its messages.
 */
class PurgeIT {

    static final AtomicInteger QUEUES = new AtomicInteger();
    static EmbeddedSqs elasticMq;
    static SqsClient sqs;
    static Cli cli;

    @BeforeAll
    static void start() {
        elasticMq = EmbeddedSqs.start(0);
        sqs = SqsClients.forEndpoint(elasticMq.endpoint(), Region.US_EAST_1, Cli.LOCAL_CREDENTIALS, Duration.ofSeconds(10));
        cli = new Cli(Map.of("AWS_REGION", "us-east-1", "AWS_ENDPOINT_URL_SQS", elasticMq.endpoint().toString()));
    }

    @AfterAll
    static void stop() {
        sqs.close();
        elasticMq.close();
    }

    /** One purge per queue per 60 s on SQS: every test gets its own queues. */
    static TestQueues deadLetters(int count) {
        var queues = TestQueues.create(sqs, "purge-" + QUEUES.incrementAndGet(), Duration.ofSeconds(30), 5, false);
        for (int i = 0; i < count; i++) {
            int n = i;
            sqs.sendMessage(r -> r.queueUrl(queues.deadLetterUrl()).messageBody("poison " + n));
        }
        return queues;
    }

    @Test
    void purgeAsksFirst_andDeletesNothingWhenTheAnswerIsNo() {
        var queues = deadLetters(3);

        var purge = cli.runWithInput("no\n", "dlq", "purge", "--queue", queues.name());

        assertThat(purge.exitCode()).isEqualTo(1);
        assertThat(purge.err())
                .contains("This deletes all ~3 messages on " + queues.deadLetterName() + " at " + elasticMq.endpoint())
                .contains("Type the queue name (" + queues.deadLetterName() + ") to confirm: ")
                .endsWith("error: purge cancelled: 'no' is not " + queues.deadLetterName() + "; nothing was deleted\n");
        assertThat(purge.out()).isEmpty();
        assertThat(TestQueues.visible(sqs, queues.deadLetterUrl())).isEqualTo(3);
    }

    @Test
    void purgeWithNoAnswerOnStandardInput_deletesNothing() {
        var queues = deadLetters(2);

        var purge = cli.runWithInput("", "dlq", "purge", "--queue", queues.name());

        assertThat(purge.exitCode()).isEqualTo(1);
        assertThat(purge.err()).contains("purge cancelled: no answer on standard input (use --yes in scripts)");
        assertThat(TestQueues.visible(sqs, queues.deadLetterUrl())).isEqualTo(2);
    }

    @Test
    void purgeEmptiesTheDeadLetterQueue_onceItsNameIsTyped_andLeavesTheWriteQueueAlone() {
        var queues = deadLetters(3);
        sqs.sendMessage(r -> r.queueUrl(queues.url()).messageBody("an accepted write"));

        var purge = cli.runWithInput(queues.deadLetterName() + "\n", "dlq", "purge", "--queue", queues.name());

        assertThat(purge.exitCode()).as(purge.err()).isZero();
        assertThat(purge.out()).isEqualTo("purged " + queues.deadLetterName() + ": SQS deletes its ~3 messages within 60 s\n");
        waitUntil(Duration.ofSeconds(60), () -> TestQueues.visible(sqs, queues.deadLetterUrl()) == 0, "the DLQ is empty");
        assertThat(TestQueues.visible(sqs, queues.url())).isEqualTo(1);
    }

    @Test
    void purgeWithYes_doesNotAsk() {
        var queues = deadLetters(2);

        var purge = cli.runWithInput("", "dlq", "purge", "--queue", queues.name(), "--yes");

        assertThat(purge.exitCode()).as(purge.err()).isZero();
        assertThat(purge.err()).isEmpty();
        waitUntil(Duration.ofSeconds(60), () -> TestQueues.visible(sqs, queues.deadLetterUrl()) == 0, "the DLQ is empty");
    }

    @Test
    void purgeRefusesAWriteQueueNamedAsTheDeadLetterQueue_evenWithYes() {
        var queues = deadLetters(1);
        sqs.sendMessage(r -> r.queueUrl(queues.url()).messageBody("an accepted write"));

        var purge = cli.runWithInput("", "dlq", "purge", "--queue", queues.name(), "--dlq", queues.name(), "--yes");

        assertThat(purge.exitCode()).isEqualTo(1);
        assertThat(purge.err()).contains("it is a write queue").contains("nothing was deleted");
        assertThat(TestQueues.visible(sqs, queues.url())).isEqualTo(1);
    }

    @Test
    void purgeRefusesAQueueThatIsNotTheWriteQueuesDeadLetterTarget_evenWithYes() {
        var queues = deadLetters(1);
        var stray = sqs.createQueue(r -> r.queueName("stray-" + QUEUES.incrementAndGet())).queueUrl();
        sqs.sendMessage(r -> r.queueUrl(stray).messageBody("someone else's message"));
        var strayName = stray.substring(stray.lastIndexOf('/') + 1);

        var purge = cli.runWithInput("", "dlq", "purge", "--queue", queues.name(), "--dlq", strayName, "--yes");

        assertThat(purge.exitCode()).isEqualTo(1);
        assertThat(purge.err()).isEqualTo("error: " + strayName + " is not the dead-letter queue of " + queues.name()
                + " (" + queues.name() + " sends its failures to " + queues.deadLetterName() + "). purge only empties "
                + "the queue named as deadLetterTargetArn in the write queue's RedrivePolicy; nothing was deleted\n");
        assertThat(TestQueues.visible(sqs, stray)).isEqualTo(1);
    }

    @Test
    void purgeRefusesWhenTheWriteQueueHasNoRedrivePolicy() {
        var lonely = sqs.createQueue(r -> r.queueName("lonely-" + QUEUES.incrementAndGet())).queueUrl();
        var lonelyName = lonely.substring(lonely.lastIndexOf('/') + 1);
        var dlq = sqs.createQueue(r -> r.queueName(lonelyName + "-dlq")).queueUrl();
        sqs.sendMessage(r -> r.queueUrl(dlq).messageBody("a message"));

        var purge = cli.runWithInput("", "dlq", "purge", "--queue", lonelyName, "--yes");

        assertThat(purge.exitCode()).isEqualTo(1);
        assertThat(purge.err()).contains("(" + lonelyName + " has no redrive policy)").endsWith("nothing was deleted\n");
        assertThat(TestQueues.visible(sqs, dlq)).isEqualTo(1);
    }

    @Test
    void purgeRefusesWhileARedriveIsRunning_evenWithYes() {
        var queues = deadLetters(60);
        var task = sqs.startMessageMoveTask(r -> r.sourceArn(queues.deadLetterArn()).destinationArn(queues.arn())
                .maxNumberOfMessagesPerSecond(1)).taskHandle();
        try {
            assertThat(sqs.listMessageMoveTasks(r -> r.sourceArn(queues.deadLetterArn())).results())
                    .as("the redrive is under way when purge runs").anySatisfy(t -> assertThat(t.status()).isEqualTo("RUNNING"));

            var purge = cli.runWithInput("", "dlq", "purge", "--queue", queues.name(), "--yes");

            assertThat(purge.exitCode()).isEqualTo(1);
            assertThat(purge.err()).startsWith("error: a redrive of " + queues.deadLetterName() + " is running (moved ")
                    .endsWith("wait for it to finish (tourists dlq redrive --status) or cancel it (tourists dlq redrive "
                            + "--cancel) first; nothing was deleted\n");
            assertThat(TestQueues.depth(sqs, queues.deadLetterUrl()) + TestQueues.depth(sqs, queues.url()))
                    .as("every message is still on one queue or the other").isEqualTo(60);
        } finally {
            sqs.cancelMessageMoveTask(r -> r.taskHandle(task));
        }
    }

    @Test
    void purgeOfAnEmptyQueue_hasNothingToAsk() {
        var queues = deadLetters(0);

        var purge = cli.runWithInput("", "dlq", "purge", "--queue", queues.name());

        assertThat(purge.exitCode()).isZero();
        assertThat(purge.out()).isEqualTo("nothing to purge: " + queues.deadLetterName() + " is empty\n");
    }
}
