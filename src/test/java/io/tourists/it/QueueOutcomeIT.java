package io.tourists.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.tourists.api.ApiFunction;
import io.tourists.lambda.FunctionSetup;
import io.tourists.testing.HttpApiRequests;
import io.tourists.testing.Infrastructure;
import io.tourists.testing.OpenApiContract;
import io.tourists.testing.Pipeline;
import io.tourists.testing.Rows;
import io.tourists.testing.SqsProxy;
import io.tourists.testing.TestIdKey;
import io.tourists.testing.Tourists;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the write API answers when SQS does not confirm a write, with the API's SQS client behind a proxy that
 * fails the way SQS can: the answer lost after the queue took the message (outcome unknown: the 503 names the
 * write, whose status URL then reads applied), the queue stopped (not sent: nothing reaches it), and entries of a
 * SendMessageBatch failed by SQS.
 */
class QueueOutcomeIT {

    private Pipeline pipeline;
    private SqsProxy proxy;
    private ApiFunction api;

    @BeforeEach
    void aPipelineWhoseApiReachesTheQueueThroughTheProxy() {
        Infrastructure.resetDatabase();
        pipeline = new Pipeline(Infrastructure.newQueues("queue-outcome", 5, Duration.ofSeconds(30), false),
                Infrastructure.consumerDataSource(), Pipeline.batchesOf(10));
        proxy = SqsProxy.start(Infrastructure.sqsEndpoint());
        api = new ApiFunction(FunctionSetup.of(Map.of("WRITE_QUEUE_URL", pipeline.queues.url(), "ID_KEY", TestIdKey.VALUE),
                Infrastructure.awsClients(proxy.endpoint())));
    }

    @AfterEach
    void stop() {
        api.close();
        proxy.close();
    }

    private APIGatewayV2HTTPResponse call(APIGatewayV2HTTPEvent request) {
        return OpenApiContract.check(request.getRequestContext().getHttp().getMethod(), request.getRawPath(),
                api.handleRequest(request, Pipeline.context()));
    }

    @Test
    void aPostWhoseAnswerIsLostIsA503OutcomeUnknown_itsStatusUrlLaterReadsApplied_andTheAdvisedPutMakesNoSecondTourist() {
        proxy.withholdAnswers();

        var response = call(HttpApiRequests.json("POST", "/tourists", Tourists.adaJson(), Map.of()));

        assertThat(response.getStatusCode()).isEqualTo(503);
        var problem = Pipeline.body(response);
        assertThat(problem.path("type").asText()).isEqualTo("urn:tourists:problem:outcome-unknown");
        assertThat(proxy.forwarded()).as("the queue got the request").isEqualTo(1);
        var touristId = problem.path("touristId").asText();

        pipeline.drain();

        var status = pipeline.get(problem.path("statusUrl").asText());
        assertThat(Pipeline.body(status).path("status").asText()).isEqualTo("applied");
        assertThat(Rows.tourist(UUID.fromString(touristId)).versionWriteId()).hasToString(problem.path("writeId").asText());

        // What the answer advises a client without an Idempotency-Key: the same tourist as a PUT of its id.
        proxy.passAnswers();
        assertThat(call(HttpApiRequests.json("PUT", "/tourists/" + touristId, Tourists.adaJson(), Map.of()))
                .getStatusCode()).isEqualTo(202);
        pipeline.drain();
        assertThat(Rows.count("select count(*) from tourist")).isEqualTo(1);
    }

    @Test
    void aStoppedQueueIsA503NotSent_withNothingToFollow_andNothingReachesTheQueue() {
        proxy.close();

        var response = call(HttpApiRequests.json("POST", "/tourists", Tourists.adaJson(), Map.of()));

        assertThat(response.getStatusCode()).isEqualTo(503);
        var problem = Pipeline.body(response);
        assertThat(problem.path("type").asText()).isEqualTo("urn:tourists:problem:temporarily-unavailable");
        assertThat(problem.path("detail").asText()).contains("not sent");
        assertThat(problem.has("writeId")).isFalse();
        assertThat(Infrastructure.depth(pipeline.queues.url())).isZero();
    }

    @Test
    void aBatchWhoseFirstCallLosesItsAnswer_reportsThoseItemsUnknown_whichThenReadApplied_andTheRestNotSent() {
        proxy.withholdAnswers();
        var items = IntStream.range(0, 12).mapToObj(i -> "{\"action\":\"create\",\"tourist\":" + Tourists.adaJson() + "}")
                .collect(Collectors.joining(",", "{\"writes\":[", "]}"));

        var response = call(HttpApiRequests.json("POST", "/tourists/batch", items, Map.of()));

        assertThat(response.getStatusCode()).isEqualTo(503);
        var body = Pipeline.body(response);
        assertThat(body.path("type").asText()).isEqualTo("urn:tourists:problem:outcome-unknown");
        var results = body.path("results");
        assertThat(results).extracting(result -> result.path("status").asText())
                .containsExactlyElementsOf(IntStream.range(0, 12).mapToObj(i -> i < 10 ? "unknown" : "not-sent").toList());
        assertThat(proxy.forwarded()).as("one SendMessageBatch of ten; the queue taken to be down after it").isEqualTo(1);

        pipeline.drain();

        for (int i = 0; i < 10; i++) {
            var status = pipeline.get(results.get(i).path("statusUrl").asText());
            assertThat(Pipeline.body(status).path("status").asText()).isEqualTo("applied");
        }
        assertThat(Rows.count("select count(*) from tourist")).isEqualTo(10);
    }

    @Test
    void anEntrySqsFailsIsSentAgain_andOneItRefusesIsReportedNotSent() {
        proxy.failBatchEntries(1, false, "1");
        var retried = call(HttpApiRequests.json("POST", "/tourists/batch", batchOf(3), Map.of()));
        proxy.failBatchEntries(3, true, "2");
        var refused = call(HttpApiRequests.json("POST", "/tourists/batch", batchOf(3), Map.of()));

        assertThat(retried.getStatusCode()).isEqualTo(202);
        assertThat(refused.getStatusCode()).isEqualTo(207);
        assertThat(Pipeline.body(refused).path("results")).extracting(result -> result.path("status").asText())
                .containsExactly("accepted", "accepted", "not-sent");
        pipeline.drain();
        assertThat(Rows.count("select count(*) from tourist")).isEqualTo(5);
        assertThat(Rows.count("select count(*) from applied_write")).isEqualTo(5);
    }

    @Test
    void aBatchEntrySqsFailsByItsOwnFaultOnEveryAttempt_isReportedUnknown_notNotSent() {
        proxy.failBatchEntries(3, false, "1");

        var response = call(HttpApiRequests.json("POST", "/tourists/batch", batchOf(3), Map.of()));

        assertThat(response.getStatusCode()).isEqualTo(207);
        var results = Pipeline.body(response).path("results");
        assertThat(results).extracting(result -> result.path("status").asText())
                .containsExactly("accepted", "unknown", "accepted");
        assertThat(results.get(1).path("statusUrl").asText()).as("an unknown item can be followed").isNotEmpty();
    }

    /**
     * Issue 22's scenario: SQS fails the replace's entry on every attempt, the delete is stored and applied, and a
     * retry (with the same key, or of the replace alone) stamps the replace after the tombstone, bringing T back. A
     * retry cannot find the first stamps, so such a batch is refused before anything is sent.
     */
    @Test
    void aBatchThatReplacesThenDeletesOneTourist_whileSqsFailsTheReplace_isRefused400WithOrWithoutAKey_soNoRetryResurrectsIt() {
        var touristId = UUID.randomUUID();
        assertThat(call(HttpApiRequests.json("PUT", "/tourists/" + touristId, Tourists.adaJson(), Map.of()))
                .getStatusCode()).isEqualTo(202);
        pipeline.drain();
        proxy.failBatchEntries(3, false, "0");
        int forwarded = proxy.forwarded();
        var body = "{\"writes\":[{\"action\":\"replace\",\"touristId\":\"" + touristId + "\",\"tourist\":"
                + Tourists.adaJson().replace("\"Ada\"", "\"Grace\"") + "},{\"action\":\"delete\",\"touristId\":\""
                + touristId + "\"}]}";

        var withoutKey = call(HttpApiRequests.json("POST", "/tourists/batch", body, Map.of()));
        var withKey = call(HttpApiRequests.json("POST", "/tourists/batch", body, Map.of("idempotency-key", "import-1")));
        pipeline.drain();

        for (var response : List.of(withoutKey, withKey)) {
            assertThat(response.getStatusCode()).isEqualTo(400);
            assertThat(Pipeline.body(response).path("errors").get(0).path("field").asText())
                    .isEqualTo("writes[1].touristId");
        }
        assertThat(proxy.forwarded()).as("nothing reached the queue").isEqualTo(forwarded);
        assertThat(Rows.tourist(touristId).firstName()).as("neither deleted nor replaced").isEqualTo("Ada");
        assertThat(Rows.count("select count(*) from applied_write")).isEqualTo(1);
    }

    private static String batchOf(int items) {
        return IntStream.range(0, items).mapToObj(i -> "{\"action\":\"create\",\"tourist\":" + Tourists.adaJson() + "}")
                .collect(Collectors.joining(",", "{\"writes\":[", "]}"));
    }
}
