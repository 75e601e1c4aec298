package io.tourists.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.tourists.domain.TouristWrite;
import io.tourists.lambda.InvocationMetrics;
import io.tourists.queue.RecordingWriteQueue;
import io.tourists.queue.RecordingWriteQueue.Outcome;
import io.tourists.testing.HttpApiRequests;
import io.tourists.testing.OpenApiContract;
import io.tourists.testing.Pipeline;
import io.tourists.testing.TestIdKey;
import io.tourists.testing.Tourists;
import io.tourists.domain.TouristRules;
import io.tourists.json.TouristJson;
import io.tourists.testing.SecretsManagerStandIn;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * POST /tourists/batch: each item checked on its own with the single writes' rules, the valid ones enqueued,
 * every item's result in the answer, and a status that says at once whether all, some or none are on the queue.
 * Every answer is also held against openapi.yaml.
 */
class BatchWritesTest {

    private static final String ID = "019cec37-b67b-7123-9456-fedcba987654";
    private static final String OTHER_ID = "019cec37-b67b-7123-9456-0123456789ab";
    private static final String BAD_EMAIL = "ada-at-example.com";

    private final RecordingWriteQueue queue = new RecordingWriteQueue();
    private final ApiFunction api = new ApiFunction(WriteRequests.sendingTo(queue, TestIdKey.key(), Clock.systemUTC()),
            InvocationMetrics.off());

    private APIGatewayV2HTTPResponse post(String body, Map<String, String> headers) {
        return OpenApiContract.check("POST", "/tourists/batch", api.handleRequest(
                HttpApiRequests.json("POST", "/tourists/batch", body, headers), Pipeline.context()));
    }

    private APIGatewayV2HTTPResponse post(String body) {
        return post(body, Map.of());
    }

    static String create() {
        return "{\"action\":\"create\",\"tourist\":" + Tourists.adaJson() + "}";
    }

    static String replace(String touristId) {
        return "{\"action\":\"replace\",\"touristId\":\"" + touristId + "\",\"tourist\":" + Tourists.adaJson() + "}";
    }

    static String delete(String touristId) {
        return "{\"action\":\"delete\",\"touristId\":\"" + touristId + "\"}";
    }

    static String badEmail() {
        return "{\"action\":\"create\",\"tourist\":" + Tourists.adaJson().replace("ada@example.com", BAD_EMAIL) + "}";
    }

    static String batch(String... items) {
        return "{\"writes\":[" + String.join(",", items) + "]}";
    }

    private static JsonNode results(APIGatewayV2HTTPResponse response) {
        return Pipeline.body(response).path("results");
    }

    @Test
    void aBatchWhoseItemsAreAllValidIsA202_withEachItemsIdsAndStatusUrl_inOrder() {
        var response = post(batch(create(), replace(ID), delete(OTHER_ID)));

        assertThat(response.getStatusCode()).isEqualTo(202);
        var results = results(response);
        assertThat(results).hasSize(3);
        var writes = queue.writes();
        assertThat(writes).hasSize(3);
        for (int i = 0; i < 3; i++) {
            var result = results.get(i);
            assertThat(result.path("index").asInt()).isEqualTo(i);
            assertThat(result.path("status").asText()).isEqualTo("accepted");
            assertThat(result.path("writeId").asText()).isEqualTo(writes.get(i).writeId().toString());
            assertThat(result.path("statusUrl").asText()).isEqualTo(
                    "/tourists/" + writes.get(i).touristId() + "/writes/" + writes.get(i).writeId());
        }
        assertThat(writes.get(0)).isInstanceOf(TouristWrite.Upsert.class);
        assertThat(writes.get(1).touristId()).hasToString(ID);
        assertThat(writes.get(2)).isInstanceOf(TouristWrite.Delete.class);
    }

    @Test
    void itemsAreStampedInTheirOrder() {
        post(batch(replace(ID), delete(OTHER_ID), create()));

        var writes = queue.writes();
        assertThat(writes.get(0).version()).isLessThan(writes.get(1).version());
        assertThat(writes.get(1).version()).isLessThan(writes.get(2).version());
    }

    @Test
    void aBatchThatNamesOneTouristTwiceIsA400_withOrWithoutAKey_namingTheLaterItem_andEnqueuesNothing() {
        var body = batch(replace(ID), create(), delete(ID), badEmail(), delete(OTHER_ID), replace(OTHER_ID));

        for (var headers : List.of(Map.<String, String>of(), Map.of("idempotency-key", "import-9"))) {
            var response = post(body, headers);

            assertThat(response.getStatusCode()).isEqualTo(400);
            var problem = Pipeline.body(response);
            assertThat(problem.path("detail").asText()).contains("each tourist once");
            assertThat(problem.path("errors")).extracting(error -> error.path("field").asText() + " "
                    + error.path("code").asText()).containsExactly("writes[2].touristId duplicate",
                    "writes[5].touristId duplicate");
            assertThat(problem.path("errors").get(0).path("message").asText()).contains("writes[0]");
        }
        assertThat(queue.sent()).isEmpty();
    }

    @Test
    void aKeyedBatchWhoseIdKeyCannotBeReadIsA503_thatStillGivesEachItemsResult() throws IOException {
        int closed;
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        var key = IdKey.fromSecret(SecretsManagerStandIn.client(URI.create("http://127.0.0.1:" + closed)), "id-key");
        var api = new ApiFunction(WriteRequests.sendingTo(queue, key, Clock.systemUTC()), InvocationMetrics.off());

        var response = OpenApiContract.check("POST", "/tourists/batch", api.handleRequest(HttpApiRequests.json(
                "POST", "/tourists/batch", batch(create(), badEmail()), Map.of("idempotency-key", "import-10")),
                Pipeline.context()));

        assertThat(response.getStatusCode()).isEqualTo(503);
        assertThat(response.getHeaders()).containsEntry("retry-after", "1");
        assertThat(Pipeline.body(response).path("type").asText()).isEqualTo("urn:tourists:problem:temporarily-unavailable");
        assertThat(results(response)).extracting(result -> result.path("status").asText())
                .containsExactly("not-sent", "invalid");
        assertThat(results(response).get(0).path("detail").asText()).contains("same Idempotency-Key");
        assertThat(queue.sent()).isEmpty();
    }

    @Test
    void aSlowIdKeyReadCountsAgainstTheSendBudget_whichStartsWithTheRequest() {
        var secretArn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:id-key";
        try (var secrets = SecretsManagerStandIn.start()) {
            secrets.putString(secretArn, TestIdKey.VALUE);
            secrets.answerAfter(Duration.ofMillis(600));
            var key = IdKey.fromSecret(secrets.client(), secretArn);
            var api = new ApiFunction(new WriteRequests(queue, new TouristJson(new TouristRules(Clock.systemUTC())),
                    key, Clock.systemUTC(), Duration.ofMillis(500)), InvocationMetrics.off());

            var response = OpenApiContract.check("POST", "/tourists/batch", api.handleRequest(HttpApiRequests.json(
                    "POST", "/tourists/batch", batch(create(), replace(ID)), Map.of("idempotency-key", "import-11")),
                    Pipeline.context()));

            assertThat(secrets.reads(secretArn)).isEqualTo(1);
            assertThat(response.getStatusCode()).isEqualTo(503);
            assertThat(results(response)).extracting(result -> result.path("status").asText())
                    .containsExactly("not-sent", "not-sent");
            assertThat(queue.sent()).as("the read used the request's time: no send was tried").isEmpty();
        }
    }

    @Test
    void aMixedBatchIsA207_enqueuingOnlyTheValidItems_andNamingEachInvalidFieldWithoutItsValue() {
        var response = post(batch(create(), badEmail(), delete("not-a-uuid"),
                "{\"action\":\"upsert\",\"touristId\":\"" + ID + "\"}", replace(ID)));

        assertThat(response.getStatusCode()).isEqualTo(207);
        var results = results(response);
        assertThat(results).extracting(result -> result.path("status").asText())
                .containsExactly("accepted", "invalid", "invalid", "invalid", "accepted");
        assertThat(queue.writes()).hasSize(2);
        assertThat(fields(results.get(1))).containsExactly("tourist.email");
        assertThat(fields(results.get(2))).containsExactly("touristId");
        assertThat(fields(results.get(3))).containsExactly("action");
        assertThat(response.getBody()).doesNotContain(BAD_EMAIL, "not-a-uuid", "upsert");
    }

    @Test
    void eachActionTakesOnlyItsOwnFields() {
        var response = post(batch(create(),
                "{\"action\":\"create\",\"touristId\":\"" + ID + "\",\"tourist\":" + Tourists.adaJson() + "}",
                "{\"action\":\"replace\",\"tourist\":" + Tourists.adaJson() + "}",
                "{\"action\":\"delete\",\"touristId\":\"" + ID + "\",\"tourist\":" + Tourists.adaJson() + "}",
                "{\"action\":\"delete\",\"touristId\":\"" + ID + "\",\"note\":\"x\"}",
                "{\"tourist\":" + Tourists.adaJson() + "}",
                "\"create\""));

        var results = results(response);
        assertThat(fields(results.get(1))).containsExactly("touristId");
        assertThat(fields(results.get(2))).containsExactly("touristId");
        assertThat(fields(results.get(3))).containsExactly("tourist");
        assertThat(fields(results.get(4))).containsExactly("note");
        assertThat(fields(results.get(5))).containsExactly("action");
        assertThat(fields(results.get(6))).containsExactly("$");
    }

    @Test
    void aBatchWithNoValidItemIsA400Problem_namingEachFieldFromTheRoot_andEnqueuesNothing() {
        var response = post(batch(badEmail(), delete("nope"), "7"));

        assertThat(response.getStatusCode()).isEqualTo(400);
        var problem = Pipeline.body(response);
        assertThat(problem.path("type").asText()).isEqualTo("urn:tourists:problem:validation-failed");
        assertThat(problem.path("errors")).extracting(error -> error.path("field").asText())
                .containsExactly("writes[0].tourist.email", "writes[1].touristId", "writes[2]");
        assertThat(queue.sent()).isEmpty();
    }

    @Test
    void aBodyThatIsNotABatchIsA400() {
        assertThat(post("[]").getStatusCode()).isEqualTo(400);
        assertThat(post("{\"writes\":[]}").getStatusCode()).isEqualTo(400);
        assertThat(post("{\"writes\":{}}").getStatusCode()).isEqualTo(400);
        var extra = post("{\"writes\":[" + create() + "],\"dryRun\":true}");
        assertThat(extra.getStatusCode()).isEqualTo(400);
        assertThat(Pipeline.body(extra).path("errors").get(0).path("field").asText()).isEqualTo("dryRun");
        assertThat(post("{\"writes\":[").getStatusCode()).isEqualTo(400);
        assertThat(queue.sent()).isEmpty();
    }

    @Test
    void moreThanAHundredItemsOrMoreThanAMebibyteIsA413_andEnqueuesNothing() {
        var hundred = IntStream.range(0, 100).mapToObj(i -> create()).toArray(String[]::new);
        var hundredAndOne = IntStream.range(0, 101).mapToObj(i -> create()).toArray(String[]::new);

        var tooMany = post(batch(hundredAndOne));
        var tooBig = post(batch(create()).replace("{\"writes\"", " ".repeat(BatchWrites.MAX_BODY_BYTES) + "{\"writes\""));

        assertThat(tooMany.getStatusCode()).isEqualTo(413);
        assertThat(Pipeline.body(tooMany).path("detail").asText()).contains("at most 100", "101");
        assertThat(tooBig.getStatusCode()).isEqualTo(413);
        assertThat(queue.sent()).isEmpty();
        assertThat(post(batch(hundred)).getStatusCode()).isEqualTo(202);
        assertThat(queue.sent()).hasSize(100);
    }

    @Test
    void aBodyThatIsNotJsonIsA415() {
        var headers = new HashMap<String, String>();
        headers.put("content-type", "text/csv");
        var response = OpenApiContract.check("POST", "/tourists/batch", api.handleRequest(
                HttpApiRequests.request("POST", "/tourists/batch", headers, batch(create())), Pipeline.context()));

        assertThat(response.getStatusCode()).isEqualTo(415);
    }

    @Test
    void withAnIdempotencyKey_aRetriedBatchGetsTheSameIdsItemByItem_andAnotherKeyOthers() {
        var key = Map.of("idempotency-key", "import-7");
        var body = batch(create(), create(), replace(ID));

        var first = ids(post(body, key));
        var retried = ids(post(body, key));
        var otherKey = ids(post(body, Map.of("idempotency-key", "import-8")));
        var noKey = ids(post(body));

        assertThat(retried).isEqualTo(first);
        assertThat(first.get(4)).as("a replace keeps its tourist").isEqualTo(ID);
        var derived = List.of(first.get(0), first.get(1), first.get(2), first.get(3), first.get(5));
        assertThat(derived).doesNotHaveDuplicates();
        assertThat(otherKey).doesNotContainAnyElementsOf(derived);
        assertThat(noKey).doesNotContainAnyElementsOf(derived);
    }

    @Test
    void theQueuesAnswerForEachItemIsReportedHonestly_in207() {
        queue.script(Outcome.STORE, Outcome.NOT_SENT, Outcome.STORE_BUT_LOSE_THE_ANSWER, Outcome.LOSE_THE_REQUEST);

        var response = post(batch(create(), create(), create(), replace(ID)));

        assertThat(response.getStatusCode()).isEqualTo(207);
        var results = results(response);
        assertThat(results).extracting(result -> result.path("status").asText())
                .containsExactly("accepted", "not-sent", "unknown", "unknown");
        assertThat(results.get(1).has("writeId")).as("a write that was not sent has nothing to follow").isFalse();
        assertThat(results.get(2).path("statusUrl").asText()).startsWith("/tourists/");
        assertThat(results.get(2).path("detail").asText()).contains("replace of touristId");
        assertThat(results.get(3).path("detail").asText()).contains("same replace again");
        assertThat(results.get(2).path("writeId").asText()).isEqualTo(queue.writes().get(1).writeId().toString());
    }

    @Test
    void whenTheQueueConfirmsNoItem_itIsA503StillGivingEachItemsResult() {
        queue.goDown();

        var notSent = post(batch(create(), badEmail()));
        queue.script(Outcome.NOT_SENT, Outcome.LOSE_THE_REQUEST);
        var someUnknown = post(batch(create(), create()));

        assertThat(notSent.getStatusCode()).isEqualTo(503);
        assertThat(notSent.getHeaders()).containsEntry("retry-after", "1");
        assertThat(Pipeline.body(notSent).path("type").asText()).isEqualTo("urn:tourists:problem:temporarily-unavailable");
        assertThat(results(notSent)).extracting(result -> result.path("status").asText())
                .containsExactly("not-sent", "invalid");
        assertThat(someUnknown.getStatusCode()).isEqualTo(503);
        assertThat(Pipeline.body(someUnknown).path("type").asText()).isEqualTo("urn:tourists:problem:outcome-unknown");
        assertThat(results(someUnknown)).extracting(result -> result.path("status").asText())
                .containsExactly("not-sent", "unknown");
    }

    @Test
    void otherMethodsOnTheBatchPathAre405WithAllowPost() {
        var response = api.handleRequest(HttpApiRequests.request("GET", "/tourists/batch", Map.of(), null),
                Pipeline.context());

        assertThat(response.getStatusCode()).isEqualTo(405);
        assertThat(response.getHeaders()).containsEntry("allow", "POST");
    }

    private static List<String> fields(JsonNode result) {
        var fields = new ArrayList<String>();
        result.path("errors").forEach(error -> fields.add(error.path("field").asText()));
        return fields;
    }

    /** Each result's touristId then writeId, item after item. */
    private static List<String> ids(APIGatewayV2HTTPResponse response) {
        var ids = new ArrayList<String>();
        results(response).forEach(result -> {
            ids.add(result.path("touristId").asText());
            ids.add(result.path("writeId").asText());
        });
        return ids;
    }
}
