package io.tourists.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.tourists.testing.HttpApiRequests;
import io.tourists.testing.Infrastructure;
import io.tourists.testing.Pipeline;
import io.tourists.testing.Rows;
import io.tourists.testing.Tourists;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** POST /tourists/batch end to end: the API, SendMessageBatch to ElasticMQ, the consumer, PostgreSQL, each status. */
class BatchWritesIT {

    private Pipeline pipeline;

    @BeforeEach
    void freshQueuesAndTables() {
        Infrastructure.resetDatabase();
        pipeline = new Pipeline(Infrastructure.newQueues("batch-writes", 5, Duration.ofSeconds(30), false),
                Infrastructure.consumerDataSource(), Pipeline.batchesOf(10));
    }

    private static String create(String firstName) {
        return "{\"action\":\"create\",\"tourist\":" + Tourists.adaJson().replace("\"Ada\"", "\"" + firstName + "\"") + "}";
    }

    private static String replace(UUID touristId, String firstName) {
        return "{\"action\":\"replace\",\"touristId\":\"" + touristId + "\",\"tourist\":"
                + Tourists.adaJson().replace("\"Ada\"", "\"" + firstName + "\"") + "}";
    }

    private static String batch(String... items) {
        return "{\"writes\":[" + String.join(",", items) + "]}";
    }

    private APIGatewayV2HTTPResponse post(String body, Map<String, String> headers) {
        return pipeline.call(HttpApiRequests.json("POST", "/tourists/batch", body, headers));
    }

    @Test
    void aMixedBatchEnqueuesOnlyTheValidItems_eachIsAppliedOnce_andEachStatusUrlReadsApplied() {
        var replaced = UUID.randomUUID();
        var response = post(batch(create("Grace"), create("Ada").replace("ada@example.com", "ada-at-example"),
                replace(replaced, "Alan"), "{\"action\":\"delete\"}", create("Kenji")), Map.of());

        assertThat(response.getStatusCode()).isEqualTo(207);
        var results = Pipeline.body(response).path("results");
        assertThat(results).extracting(result -> result.path("status").asText())
                .containsExactly("accepted", "invalid", "accepted", "invalid", "accepted");
        assertThat(Infrastructure.depth(pipeline.queues.url())).as("only the valid items are on the queue").isEqualTo(3);

        pipeline.drain();

        for (var accepted : accepted(results)) {
            var status = pipeline.get(accepted.path("statusUrl").asText());
            assertThat(Pipeline.body(status).path("status").asText()).isEqualTo("applied");
            assertThat(Rows.tourist(UUID.fromString(accepted.path("touristId").asText())).versionWriteId())
                    .hasToString(accepted.path("writeId").asText());
        }
        assertThat(Rows.tourist(replaced).firstName()).isEqualTo("Alan");
        assertThat(Rows.count("select count(*) from tourist")).isEqualTo(3);
        assertThat(Rows.count("select count(*) from applied_write")).isEqualTo(3);
        assertThat(Infrastructure.depth(pipeline.queues.deadLetterUrl())).isZero();
    }

    @Test
    void aRetriedBatchWithTheSameIdempotencyKeyAppliesNothingTwice() {
        var key = Map.of("idempotency-key", "nightly-import-2026-03-14-part-1");
        var body = batch(create("Grace"), create("Alan"), replace(UUID.randomUUID(), "Zoë"));

        var first = post(body, key);
        pipeline.drain();
        var retried = post(body, key);
        pipeline.drain();

        assertThat(first.getStatusCode()).isEqualTo(202);
        assertThat(retried.getStatusCode()).isEqualTo(202);
        assertThat(Pipeline.body(retried).path("results")).isEqualTo(Pipeline.body(first).path("results"));
        assertThat(Rows.count("select count(*) from tourist")).as("no second tourist from a retried create").isEqualTo(3);
        assertThat(Rows.count("select count(*) from applied_write")).isEqualTo(3);
        for (var accepted : accepted(Pipeline.body(first).path("results"))) {
            assertThat(Pipeline.body(pipeline.get(accepted.path("statusUrl").asText())).path("status").asText())
                    .isEqualTo("applied");
        }
    }

    private static List<JsonNode> accepted(JsonNode results) {
        var accepted = new ArrayList<JsonNode>();
        results.forEach(result -> {
            if (result.path("status").asText().equals("accepted")) {
                accepted.add(result);
            }
        });
        return accepted;
    }
}
