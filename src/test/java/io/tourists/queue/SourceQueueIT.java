package io.tourists.queue;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import io.tourists.local.sqs.EmbeddedSqs;
import io.tourists.local.lambda.LambdaEvents;
import io.tourists.testing.Infrastructure;
import io.tourists.testing.TestQueues;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/** Sending received messages back with a visibility of our choosing, on a real ElasticMQ. */
class SourceQueueIT {

    private TestQueues queues;

    @BeforeEach
    void freshQueues() {
        queues = Infrastructure.newQueues("source", 5, Duration.ofMinutes(5), false);
    }

    @Test
    void shouldShowEachMessageAgainAfterItsOwnDelay_ratherThanTheQueuesVisibilityTimeout() {
        for (var body : List.of("soon", "later", "much-later")) {
            Infrastructure.sqs().sendMessage(r -> r.queueUrl(queues.url()).messageBody(body));
        }
        var received = receive(3);
        var delays = Map.of("soon", Duration.ofSeconds(1), "later", Duration.ofMinutes(2),
                "much-later", Duration.ofMinutes(3));

        var unchanged = new SourceQueue(Infrastructure.sqs(), queues.url()).sendBack(received, m -> delays.get(m.getBody()));

        assertThat(unchanged).isEmpty();
        var again = Infrastructure.sqs().receiveMessage(r -> r.queueUrl(queues.url()).maxNumberOfMessages(10)
                .waitTimeSeconds(5).messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
        assertThat(again).extracting(Message::body).as("the queue's own timeout is 5 minutes").containsExactly("soon");
        assertThat(again.getFirst().attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).isEqualTo("2");
    }

    @Test
    void shouldReportEveryMessageItCouldNotSendBack_whenTheQueueIsUnknown() {
        for (int i = 0; i < 12; i++) {
            var body = "lost-queue-" + i;
            Infrastructure.sqs().sendMessage(r -> r.queueUrl(queues.url()).messageBody(body));
        }
        var received = receive(12);

        var unchanged = new SourceQueue(Infrastructure.sqs(), queues.url() + "-gone")
                .sendBack(received, m -> Duration.ofSeconds(1));

        assertThat(unchanged).containsExactlyElementsOf(received.stream().map(SQSMessage::getMessageId).toList());
    }

    /** Receives until {@code count} messages are in hand (SQS hands out at most ten per call). */
    private List<SQSMessage> receive(int count) {
        var messages = new ArrayList<Message>();
        for (int call = 0; call < 10 && messages.size() < count; call++) {
            messages.addAll(Infrastructure.sqs().receiveMessage(r -> r.queueUrl(queues.url()).maxNumberOfMessages(10)
                    .waitTimeSeconds(2).messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages());
        }
        assertThat(messages).hasSize(count);
        return LambdaEvents.sqsEvent(messages, queues.arn(), EmbeddedSqs.REGION).getRecords();
    }
}
