package io.tourists.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class SqsClientsTest {

    @Test
    void shouldTakeTheEndpointFromTheQueueUrl() {
        assertThat(SqsClients.origin("https://sqs.eu-west-1.amazonaws.com/123456789012/tourist-writes"))
                .isEqualTo(URI.create("https://sqs.eu-west-1.amazonaws.com"));
        assertThat(SqsClients.origin("http://127.0.0.1:9324/000000000000/tourist-writes"))
                .isEqualTo(URI.create("http://127.0.0.1:9324"));
    }

    @Test
    void shouldRefuseSomethingThatIsNotAQueueUrl() {
        assertThatThrownBy(() -> SqsClients.origin("tourist-writes")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRunSendMessageInTheProcessWhilePriming_andReachTheQueueOtherwise() throws Exception {
        int closedPort;
        try (var socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        var queueUrl = "http://127.0.0.1:" + closedPort + "/000000000000/tourist-writes";
        var env = java.util.Map.of("AWS_REGION", "eu-west-1", "AWS_ACCESS_KEY_ID", "local", "AWS_SECRET_ACCESS_KEY", "local");
        var primable = SqsClients.forQueue(env, queueUrl, java.time.Duration.ofSeconds(2));
        try (var sqs = primable.client()) {
            primable.primeSendMessage();

            assertThatThrownBy(() -> sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody("{}")))
                    .as("outside priming the client really connects, and nothing listens there")
                    .isInstanceOf(software.amazon.awssdk.core.exception.SdkClientException.class);
        }
    }
}
