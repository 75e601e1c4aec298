package io.tourists.queue;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResultEntry;

/**
 * What counts as parked, with an SQS client double that answers SendMessageBatch as told. The real queue's
 * behaviour is in DeadLetterParkingIT.
 */
class DeadLetterQueueTest {

    /** Confirms every entry but the last: an answer that names an entry neither sent nor failed. */
    private static final class ForgetsTheLastEntry implements SqsClient {
        final List<SendMessageBatchRequest> requests = new ArrayList<>();

        @Override
        public SendMessageBatchResponse sendMessageBatch(SendMessageBatchRequest request) {
            requests.add(request);
            var confirmed = request.entries().subList(0, request.entries().size() - 1).stream()
                    .map(entry -> SendMessageBatchResultEntry.builder().id(entry.id()).messageId("dlq-" + entry.id())
                            .md5OfMessageBody("-").build())
                    .toList();
            return SendMessageBatchResponse.builder().successful(confirmed).failed(List.of()).build();
        }

        @Override
        public String serviceName() {
            return "sqs";
        }

        @Override
        public void close() {
        }
    }

    private static DeadLetters.Refusal refusal(String messageId) {
        var message = new SQSMessage();
        message.setMessageId(messageId);
        message.setBody("{\"not\":\"a write\"}");
        message.setMessageAttributes(Map.of());
        message.setAttributes(Map.of("ApproximateReceiveCount", "1"));
        return new DeadLetters.Refusal(message, "invalid-message", "not a write");
    }

    @Test
    void anEntryTheBatchAnswerDoesNotName_isNotParked_soItStaysOnTheWriteQueue() {
        var sqs = new ForgetsTheLastEntry();
        var deadLetters = new DeadLetterQueue(sqs, "http://127.0.0.1:1/000000000000/writes-dlq", Clock.systemUTC());

        var notParked = deadLetters.park(List.of(refusal("m1"), refusal("m2"), refusal("m3")));

        assertThat(sqs.requests).hasSize(1);
        assertThat(notParked).containsExactly("m3");
    }
}
