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
}
