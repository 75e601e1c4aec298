package io.tourists.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.tourists.consumer.WriteBatchConsumer;
import io.tourists.domain.Ids;
import io.tourists.domain.TouristWrite;
import io.tourists.queue.WriteEnvelope;
import io.tourists.testing.HttpApiRequests;
import io.tourists.testing.Infrastructure;
import io.tourists.testing.Pipeline;
import io.tourists.testing.Tourists;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * GET /tourists/{id}/writes/{writeId} through the real functions, ElasticMQ and PostgreSQL: what a client
 * (from the 202's statusUrl) or a publisher (with its own writeId) learns about its write.
 */
class WriteStatusIT {

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    private Pipeline pipeline;

    @BeforeEach
    void freshQueuesAndTables() {
        Infrastructure.resetDatabase();
        pipeline = new Pipeline(Infrastructure.newQueues("status", 5, Duration.ofSeconds(2), false),
                Infrastructure.consumerDataSource(), Pipeline.batchesOf(10));
    }

    @AfterEach
    void dropTestConstraint() {
        Infrastructure.execute("alter table tourist drop constraint if exists tourist_no_zed");
    }

    @Test
    void aWriteIsPendingWithRetryAfterUntilTheConsumerAppliesIt_thenApplied() {
        var accepted = pipeline.call(HttpApiRequests.json("POST", "/tourists", Tourists.adaJson(), Map.of()));
        var statusUrl = Pipeline.body(accepted).get("statusUrl").textValue();
        assertThat(accepted.getHeaders()).containsEntry("link", "<" + statusUrl + ">; rel=\"monitor\"");

        var pending = pipeline.get(statusUrl);

        assertThat(pending.getStatusCode()).isEqualTo(200);
        assertThat(status(pending)).isEqualTo("pending");
        assertThat(pending.getHeaders()).containsEntry("retry-after", "1");

        pipeline.drain();
        var applied = pipeline.get(statusUrl);

        assertThat(status(applied)).isEqualTo("applied");
        assertThat(applied.getHeaders()).doesNotContainKey("retry-after");
        assertThat(Pipeline.body(applied).get("touristId").textValue())
                .isEqualTo(Pipeline.body(accepted).get("touristId").textValue());
    }

    @Test
    void aSecondNewerWriteMakesTheFirstSuperseded_asDoesALateOlderOne() {
        var first = pipeline.call(HttpApiRequests.json("POST", "/tourists", Tourists.adaJson(), Map.of()));
        pipeline.drain();
        var touristId = UUID.fromString(Pipeline.body(first).get("touristId").textValue());
        var second = pipeline.call(HttpApiRequests.json("PUT", "/tourists/" + touristId,
                Tourists.adaJson().replace("Ada", "Augusta"), Map.of()));
        var late = Tourists.upsert(touristId, now.minus(1, ChronoUnit.HOURS), Tourists.named("Late"));
        pipeline.send(WriteEnvelope.encode(late));
        pipeline.drain();

        assertThat(status(pipeline.get(statusUrl(first)))).isEqualTo("superseded");
        assertThat(status(pipeline.get(statusUrl(second)))).isEqualTo("applied");
        assertThat(status(pipeline.get(statusUrl(touristId, late.writeId())))).as("arrived late").isEqualTo("superseded");
    }

    @Test
    void aPublishedMessageWithAReadableWriteIdButAnInvalidTouristEndsRejectedWithItsReason() {
        var writeId = UUID.randomUUID();
        var touristId = UUID.randomUUID();
        pipeline.send(WriteEnvelope.encode(new TouristWrite.Upsert(writeId, touristId, now, Tourists.ada()))
                .replace("ada@example.com", "not-an-email"));
        pipeline.drain();

        var rejected = pipeline.get(statusUrl(touristId, writeId));

        assertThat(status(rejected)).isEqualTo("rejected");
        assertThat(Pipeline.body(rejected).get("reason").textValue()).isEqualTo(WriteBatchConsumer.INVALID_MESSAGE);
        assertThat(Pipeline.body(rejected).get("errors")).singleElement()
                .satisfies(error -> assertThat(error.get("field").textValue()).isEqualTo("tourist.email"));
        assertThat(Infrastructure.depth(pipeline.queues.deadLetterUrl())).as("parked as well").isEqualTo(1);
    }

    @Test
    void aWriteTheDatabaseRefusedIsRejected_andAppliedOnceRedrivenAfterTheCauseIsFixed() throws Exception {
        Infrastructure.execute("alter table tourist add constraint tourist_no_zed check (first_name <> 'Zed')");
        var write = Tourists.upsert(UUID.randomUUID(), now, Tourists.named("Zed"));
        pipeline.send(WriteEnvelope.encode(write));
        pipeline.drain();
        var rejected = pipeline.get(statusUrl(write.touristId(), write.writeId()));
        assertThat(status(rejected)).isEqualTo("rejected");
        assertThat(Pipeline.body(rejected).get("reason").textValue()).isEqualTo(WriteBatchConsumer.REJECTED_BY_DATABASE);
        assertThat(Pipeline.body(rejected).get("errors").get(0).get("message").textValue()).contains("SQLSTATE 23514");

        Infrastructure.execute("alter table tourist drop constraint tourist_no_zed");
        redrive();
        pipeline.drain();

        assertThat(status(pipeline.get(statusUrl(write.touristId(), write.writeId())))).isEqualTo("applied");
        assertThat(pipeline.get("/tourists/" + write.touristId()).getStatusCode()).isEqualTo(200);
    }

    @Test
    void aWriteAskedForUnderAnotherTouristIs404_andAWriteIdThatIsNotAUuidIs400() {
        var accepted = pipeline.call(HttpApiRequests.json("POST", "/tourists", Tourists.adaJson(), Map.of()));
        pipeline.drain();
        var writeId = UUID.fromString(Pipeline.body(accepted).get("writeId").textValue());

        assertThat(pipeline.get(statusUrl(UUID.randomUUID(), writeId)).getStatusCode()).isEqualTo(404);
        var badId = pipeline.get("/tourists/" + UUID.randomUUID() + "/writes/not-a-uuid");
        assertThat(badId.getStatusCode()).isEqualTo(400);
        assertThat(Pipeline.body(badId).get("errors").get(0).get("field").textValue()).isEqualTo("writeId");
    }

    @Test
    void aUuidV7WriteIdOlderThanTheRetentionWindowWithNoRecordIs404_notPending() {
        var longAgo = Clock.fixed(now.minus(Duration.ofDays(30)), ZoneOffset.UTC);
        var recent = Clock.fixed(now.minus(Duration.ofDays(10)), ZoneOffset.UTC);
        var touristId = UUID.randomUUID();

        assertThat(pipeline.get(statusUrl(touristId, Ids.newId(longAgo))).getStatusCode()).isEqualTo(404);
        assertThat(status(pipeline.get(statusUrl(touristId, Ids.newId(recent))))).isEqualTo("pending");
        assertThat(status(pipeline.get(statusUrl(touristId, UUID.randomUUID())))).as("a v4 id tells no time")
                .isEqualTo("pending");
    }

    /** Moves the DLQ's messages back to the write queue, as `bin/tourists dlq redrive` does, and waits for it. */
    private void redrive() throws InterruptedException {
        var sqs = Infrastructure.sqs();
        sqs.startMessageMoveTask(r -> r.sourceArn(pipeline.queues.deadLetterArn()));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (Infrastructure.depth(pipeline.queues.deadLetterUrl()) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(Infrastructure.depth(pipeline.queues.deadLetterUrl())).as("the DLQ after the redrive").isZero();
        assertThat(Infrastructure.depth(pipeline.queues.url())).as("the write queue after the redrive").isEqualTo(1);
    }

    private static String status(APIGatewayV2HTTPResponse response) {
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
        return Pipeline.body(response).get("status").textValue();
    }

    private static String statusUrl(APIGatewayV2HTTPResponse accepted) {
        JsonNode body = Pipeline.body(accepted);
        return body.get("statusUrl").textValue();
    }

    private static String statusUrl(UUID touristId, UUID writeId) {
        return "/tourists/" + touristId + "/writes/" + writeId;
    }
}
