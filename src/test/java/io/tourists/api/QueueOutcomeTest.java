package io.tourists.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.tourists.lambda.InvocationMetrics;
import io.tourists.queue.RecordingWriteQueue;
import io.tourists.queue.RecordingWriteQueue.Outcome;
import io.tourists.testing.HttpApiRequests;
import io.tourists.testing.OpenApiContract;
import io.tourists.testing.Pipeline;
import io.tourists.testing.TestIdKey;
import io.tourists.testing.Tourists;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The write API's 503 when the queue did not confirm a write: "not sent" when the queue certainly does not have
 * it (send it again), "outcome unknown" when it may (the answer names the write and where to follow it, and says
 * how to repeat it without applying it twice). The queue double stores or drops the write as SQS would have.
 */
class QueueOutcomeTest {

    private static final String UNAVAILABLE = "urn:tourists:problem:temporarily-unavailable";
    private static final String OUTCOME_UNKNOWN = "urn:tourists:problem:outcome-unknown";
    private static final UUID TOURIST_ID = UUID.fromString("019cec37-b67b-7123-9456-fedcba987654");

    private final RecordingWriteQueue queue = new RecordingWriteQueue();
    private final ApiFunction api = new ApiFunction(WriteRequests.sendingTo(queue, TestIdKey.key(), Clock.systemUTC()),
            InvocationMetrics.off());

    private APIGatewayV2HTTPResponse call(APIGatewayV2HTTPEvent request) {
        return OpenApiContract.check(request.getRequestContext().getHttp().getMethod(), request.getRawPath(),
                api.handleRequest(request, Pipeline.context()));
    }

    private static APIGatewayV2HTTPEvent post(Map<String, String> headers) {
        return HttpApiRequests.json("POST", "/tourists", Tourists.adaJson(), headers);
    }

    @Test
    void aWriteTheQueueCertainlyDidNotTakeIsA503NotSent_withoutIds_forNothingWillBeApplied() {
        queue.goDown();

        var response = call(post(Map.of()));

        assertThat(response.getStatusCode()).isEqualTo(503);
        assertThat(response.getHeaders()).containsEntry("retry-after", "1");
        var body = Pipeline.body(response);
        assertThat(body.path("type").asText()).isEqualTo(UNAVAILABLE);
        assertThat(body.path("detail").asText()).contains("not sent", "nothing will be applied", "Send it again");
        assertThat(body.has("writeId")).isFalse();
        assertThat(queue.sent()).isEmpty();
    }

    @Test
    void aPostTheQueueMayHaveTakenIsA503OutcomeUnknown_namingTheWrite_andSayingToRepeatItAsAPut() {
        queue.loseAnswers();

        var response = call(post(Map.of()));

        assertThat(response.getStatusCode()).isEqualTo(503);
        assertThat(response.getHeaders()).containsEntry("retry-after", "1")
                .containsEntry("content-type", "application/problem+json");
        var body = Pipeline.body(response);
        var taken = queue.writes().getFirst();
        assertThat(body.path("type").asText()).isEqualTo(OUTCOME_UNKNOWN);
        assertThat(body.path("status").asInt()).isEqualTo(503);
        assertThat(body.path("touristId").asText()).isEqualTo(taken.touristId().toString());
        assertThat(body.path("writeId").asText()).isEqualTo(taken.writeId().toString());
        assertThat(body.path("statusUrl").asText())
                .isEqualTo("/tourists/" + taken.touristId() + "/writes/" + taken.writeId());
        assertThat(body.path("detail").asText()).contains("may have taken it", "statusUrl",
                "PUT /tourists/" + taken.touristId(), "Do not POST it again");
    }

    @Test
    void withAnIdempotencyKey_theUnknownAnswerSaysToSendItAgainWithTheKey_andTheRetryIsTheSameWrite() {
        queue.script(Outcome.STORE_BUT_LOSE_THE_ANSWER, Outcome.STORE);
        var key = Map.of("idempotency-key", "order-42");

        var unknown = Pipeline.body(call(post(key)));
        var retried = call(post(key));

        assertThat(unknown.path("type").asText()).isEqualTo(OUTCOME_UNKNOWN);
        assertThat(unknown.path("detail").asText()).contains("same Idempotency-Key");
        assertThat(retried.getStatusCode()).isEqualTo(202);
        assertThat(Pipeline.body(retried).path("writeId").asText()).isEqualTo(unknown.path("writeId").asText());
        assertThat(queue.writes()).extracting(write -> write.writeId().toString())
                .containsExactly(unknown.path("writeId").asText(), unknown.path("writeId").asText());
    }

    @Test
    void aPutOrADeleteTheQueueMayHaveTaken_isToBeRepeatedAsItself() {
        queue.script(Outcome.LOSE_THE_REQUEST, Outcome.LOSE_THE_REQUEST);
        var path = "/tourists/" + TOURIST_ID;

        var put = Pipeline.body(call(HttpApiRequests.json("PUT", path, Tourists.adaJson(), Map.of())));
        var delete = Pipeline.body(call(HttpApiRequests.request("DELETE", path, Map.of(), null)));

        assertThat(put.path("type").asText()).isEqualTo(OUTCOME_UNKNOWN);
        assertThat(put.path("touristId").asText()).isEqualTo(TOURIST_ID.toString());
        assertThat(put.path("detail").asText()).contains("repeat the PUT");
        assertThat(delete.path("type").asText()).isEqualTo(OUTCOME_UNKNOWN);
        assertThat(delete.path("detail").asText()).contains("repeat the DELETE");
        assertThat(statusUrlOf(delete)).startsWith(path + "/writes/");
    }

    private static String statusUrlOf(JsonNode body) {
        return body.path("statusUrl").asText();
    }
}
