package io.tourists.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tourists.queue.MessageAttributes;
import io.tourists.testing.HttpApiRequests;
import io.tourists.testing.Infrastructure;
import io.tourists.testing.Pipeline;
import io.tourists.testing.Rows;
import io.tourists.testing.TestQueues;
import io.tourists.testing.Tourists;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The write path end to end: HTTP API event -> ApiFunction -> SQS -> ConsumerFunction -> PostgreSQL -> GET. */
class WritePathIT {

    private Pipeline pipeline;

    @BeforeEach
    void freshQueuesAndTables() {
        Infrastructure.resetDatabase();
        pipeline = new Pipeline(Infrastructure.newQueues("write-path", 5, Duration.ofSeconds(30), false),
                Infrastructure.consumerDataSource(), Pipeline.batchesOf(10));
    }

    @Test
    void aPostedTouristIsStoredAndCanBeReadBack() {
        var accepted = pipeline.call(HttpApiRequests.json("POST", "/tourists", Tourists.adaJson(), Map.of()));

        assertThat(accepted.getStatusCode()).isEqualTo(202);
        var touristId = Pipeline.body(accepted).get("touristId").asText();
        var writeId = Pipeline.body(accepted).get("writeId").asText();
        assertThat(accepted.getHeaders()).containsEntry("location", "/tourists/" + touristId);
        assertThat(Rows.tourist(UUID.fromString(touristId))).as("nothing is written before the consumer runs").isNull();

        pipeline.drain();

        var row = Rows.tourist(UUID.fromString(touristId));
        assertThat(row.firstName()).isEqualTo("Ada");
        assertThat(row.versionWriteId()).hasToString(writeId);
        var read = pipeline.get("/tourists/" + touristId);
        assertThat(read.getStatusCode()).isEqualTo(200);
        var body = Pipeline.body(read);
        assertThat(body.get("email").asText()).isEqualTo("ada@example.com");
        assertThat(body.get("passportNumber").asText()).isEqualTo("P1234567");
        assertThat(body.get("version").get("writeId").asText()).isEqualTo(writeId);
    }

    @Test
    void aTouristPutThenDeletedIsGone() {
        var touristId = UUID.randomUUID();
        var path = "/tourists/" + touristId;

        assertThat(pipeline.call(HttpApiRequests.json("PUT", path, Tourists.adaJson(), Map.of())).getStatusCode())
                .isEqualTo(202);
        pipeline.drain();
        assertThat(pipeline.get(path).getStatusCode()).isEqualTo(200);

        assertThat(pipeline.call(HttpApiRequests.request("DELETE", path, Map.of(), null)).getStatusCode())
                .isEqualTo(202);
        pipeline.drain();

        var gone = pipeline.get(path);
        assertThat(gone.getStatusCode()).isEqualTo(404);
        assertThat(gone.getHeaders()).containsEntry("content-type", "application/problem+json");
        assertThat(Rows.tourist(touristId).deleted()).as("kept as a tombstone").isTrue();
    }

    @Test
    void theCorrelationIdTravelsFromTheRequestToTheQueueMessage() {
        pipeline.call(HttpApiRequests.json("POST", "/tourists", Tourists.adaJson(),
                Map.of("x-correlation-id", "trace-42")));

        var message = Infrastructure.sqs().receiveMessage(r -> r.queueUrl(pipeline.queues.url())
                .messageAttributeNames("All").waitTimeSeconds(1)).messages().getFirst();

        assertThat(message.messageAttributes().get(MessageAttributes.CORRELATION_ID).stringValue()).isEqualTo("trace-42");
        assertThat(message.messageAttributes().get(MessageAttributes.TYPE).stringValue()).isEqualTo("tourist.upserted");
    }

    @Test
    void aRefusedRequestEnqueuesNothing() {
        var refused = pipeline.call(HttpApiRequests.json("POST", "/tourists", "{\"firstName\":\"Ada\"}", Map.of()));

        assertThat(refused.getStatusCode()).isEqualTo(400);
        assertThat(Infrastructure.depth(pipeline.queues.url())).isZero();
    }

    @Test
    void anUnreachableQueueIsA503WithAProblemBody() {
        var unreachable = new Pipeline(
                new TestQueues(pipeline.queues.name() + "-missing", pipeline.queues.url() + "-missing",
                        pipeline.queues.arn(), pipeline.queues.deadLetterName(), pipeline.queues.deadLetterUrl(),
                        pipeline.queues.deadLetterArn()),
                Infrastructure.consumerDataSource(), Pipeline.batchesOf(10));

        var response = unreachable.call(HttpApiRequests.json("POST", "/tourists", Tourists.adaJson(), Map.of()));

        assertThat(response.getStatusCode()).isEqualTo(503);
        assertThat(response.getHeaders()).containsEntry("content-type", "application/problem+json")
                .containsKey("retry-after");
        assertThat(Pipeline.body(response).get("status").asInt()).isEqualTo(503);
    }
}
