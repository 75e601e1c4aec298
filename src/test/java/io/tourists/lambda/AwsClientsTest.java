package io.tourists.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tourists.queue.SqsClients;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;

class AwsClientsTest {

    @Test
    void shouldTakeTheSqsEndpointFromTheQueueUrl() {
        assertThat(LambdaAwsClients.origin("https://sqs.eu-west-1.amazonaws.com/123456789012/tourist-writes"))
                .isEqualTo(URI.create("https://sqs.eu-west-1.amazonaws.com"));
        assertThat(LambdaAwsClients.origin("http://127.0.0.1:9324/000000000000/tourist-writes"))
                .isEqualTo(URI.create("http://127.0.0.1:9324"));
    }

    @Test
    void shouldRefuseSomethingThatIsNotAQueueUrl() {
        assertThatThrownBy(() -> LambdaAwsClients.origin("tourist-writes")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void lambdasClients_runSendMessageInTheProcessWhilePriming_andReachTheQueueOtherwise() throws Exception {
        var queueUrl = "http://127.0.0.1:" + closedPort() + "/000000000000/tourist-writes";
        var aws = AwsClients.fromEnvironment(Map.of("AWS_REGION", "eu-west-1", "AWS_ACCESS_KEY_ID", "local",
                "AWS_SECRET_ACCESS_KEY", "local", "WRITE_QUEUE_URL", queueUrl));
        try (var sqs = aws.sqs(Duration.ofSeconds(2))) {
            aws.primeSendMessage(sqs, queueUrl);

            assertThatThrownBy(() -> sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody("{}")))
                    .as("outside priming the client really connects to the queue URL's host, and nothing listens there")
                    .isInstanceOf(SdkClientException.class);
        }
    }

    @Test
    void otherClients_areNeverPrimed_forPrimingWouldSendARealMessage() throws Exception {
        var queueUrl = "http://127.0.0.1:" + closedPort() + "/000000000000/tourist-writes";
        var tools = SqsClients.forEndpoint(URI.create(queueUrl), Region.EU_WEST_1, AnonymousCredentialsProvider.create(),
                Duration.ofSeconds(2));
        var aws = new AwsClients(timeout -> tools, () -> {
            throw new AssertionError("not asked for");
        });

        // Had it sent, it would throw: nothing listens on that port.
        aws.primeSendMessage(aws.sqs(Duration.ofSeconds(2)), queueUrl);
        tools.close();
    }

    private static int closedPort() throws Exception {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
