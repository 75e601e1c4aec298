package io.tourists.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tourists.api.WriteRequests;
import io.tourists.consumer.WriteBatchConsumer;
import io.tourists.testing.CapturedLogs;
import io.tourists.testing.HttpApiRequests;
import io.tourists.testing.Infrastructure;
import io.tourists.testing.Pipeline;
import io.tourists.testing.Tourists;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One correlation id follows a write from the HTTP request, through the queue, into the consumer's logs. */
class CorrelationIdIT {

    @Test
    void theConsumersLogLineForAWriteCarriesTheRequestsCorrelationId() {
        Infrastructure.resetDatabase();
        var pipeline = new Pipeline(Infrastructure.newQueues("correlation", 5, Duration.ofSeconds(30), false),
                Infrastructure.consumerDataSource(), Pipeline.batchesOf(10));

        try (var apiLogs = new CapturedLogs(WriteRequests.class);
             var consumerLogs = new CapturedLogs(WriteBatchConsumer.class)) {
            var accepted = pipeline.call(HttpApiRequests.json("POST", "/tourists", Tourists.adaJson(),
                    Map.of("x-correlation-id", "checkout-7731")));
            pipeline.drain();

            var writeId = Pipeline.body(accepted).get("writeId").asText();
            assertThat(accepted.getHeaders()).containsEntry("x-correlation-id", "checkout-7731");
            assertThat(apiLogs.lines()).anySatisfy(line -> {
                assertThat(line.message()).isEqualTo("write accepted");
                assertThat(line.context()).containsEntry("correlation_id", "checkout-7731");
            });
            assertThat(consumerLogs.lines()).anySatisfy(line -> {
                assertThat(line.message()).isEqualTo("write applied");
                assertThat(line.context()).containsEntry("correlation_id", "checkout-7731");
                assertThat(line.arguments()).anySatisfy(argument -> assertThat(argument).contains(writeId));
            });
        }
    }
}
