package io.tourists.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.tourists.domain.Ids;
import io.tourists.json.Json;
import io.tourists.lambda.InvocationMetrics;
import io.tourists.lambda.SecretSource;
import io.tourists.local.lambda.LocalContext;
import io.tourists.queue.RecordingWriteQueue;
import io.tourists.testing.SecretsManagerStandIn;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Ids derived from an Idempotency-Key are keyed with a server-side secret: the same key and secret give the
 * same ids, another secret gives others, and the plain SHA-256 of the inputs (all of which a client knows)
 * is not them. The secret is read once per environment, at the first keyed request, never before.
 */
class IdKeyTest {

    private static final String SECRET = "first-secret-generated-by-cloudformation-0123";
    private static final String OTHER_SECRET = "second-secret-generated-by-cloudformation-456";

    private final RecordingWriteQueue queue = new RecordingWriteQueue();

    private ApiFunction api(IdKey key) {
        return new ApiFunction(WriteRequests.sendingTo(queue, key, Clock.systemUTC()), InvocationMetrics.off());
    }

    private static APIGatewayV2HTTPResponse handle(ApiFunction api, APIGatewayV2HTTPEvent event) {
        return api.handleRequest(event, new LocalContext("tourists-write-api", 512, Duration.ofSeconds(10)));
    }

    private static APIGatewayV2HTTPEvent post(String idempotencyKey) {
        var event = EventLoader.loadApiGatewayHttpEvent("events/post-tourist.json");
        var headers = new HashMap<>(event.getHeaders());
        if (idempotencyKey != null) {
            headers.put("idempotency-key", idempotencyKey);
        }
        event.setHeaders(headers);
        return event;
    }

    private static APIGatewayV2HTTPEvent signedBy(String userArn) {
        var event = post("order-42");
        event.getRequestContext().setAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                .withIam(APIGatewayV2HTTPEvent.RequestContext.IAM.builder()
                        .withAccountId("123456789012").withUserArn(userArn).build())
                .build());
        return event;
    }

    private static UUID id(APIGatewayV2HTTPResponse response, String field) {
        try {
            return UUID.fromString(Json.readTree(response.getBody()).get(field).textValue());
        } catch (JsonProcessingException e) {
            throw new AssertionError(response.getBody(), e);
        }
    }

    @Test
    void theSameKeyAndSecretGiveTheSameIds_andAnotherSecretGivesOtherIds() {
        var first = handle(api(IdKey.of(SECRET)), post("order-42"));
        var retry = handle(api(IdKey.of(SECRET)), post("order-42"));
        var underAnotherSecret = handle(api(IdKey.of(OTHER_SECRET)), post("order-42"));

        assertThat(first.getStatusCode()).isEqualTo(202);
        assertThat(id(retry, "touristId")).isEqualTo(id(first, "touristId"));
        assertThat(id(retry, "writeId")).isEqualTo(id(first, "writeId"));
        assertThat(id(underAnotherSecret, "touristId")).isNotEqualTo(id(first, "touristId"));
        assertThat(id(underAnotherSecret, "writeId")).isNotEqualTo(id(first, "writeId"));
    }

    @Test
    void theIdsAreNotWhatAnyoneCanComputeFromTheRequestAlone() {
        var accepted = handle(api(IdKey.of(SECRET)), post("order-42"));

        var publicInputs = "anonymous\nPOST /tourists\norder-42";
        assertThat(id(accepted, "touristId")).isNotEqualTo(Ids.derived("tourist\n" + publicInputs))
                .isEqualTo(IdKey.keyed(SECRET.getBytes(java.nio.charset.StandardCharsets.UTF_8), "tourist\n" + publicInputs));
        assertThat(id(accepted, "writeId")).isNotEqualTo(Ids.derived("write\n" + publicInputs));
    }

    @Test
    void theSecretIsReadAtTheFirstKeyedRequest_once_andNeitherAtInitNorByTheSnapStartHooks() {
        var secretArn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:id-key";
        try (var secrets = SecretsManagerStandIn.start()) {
            secrets.putString(secretArn, SECRET);
            var key = IdKey.fromSecret(secrets.client(), secretArn);
            var api = api(key);

            api.beforeCheckpoint(null);
            api.afterRestore(null);
            handle(api, post(null));
            assertThat(secrets.reads(secretArn)).as("init, hooks and a request without a key read nothing").isZero();

            var first = handle(api, post("order-42"));
            secrets.putString(secretArn, OTHER_SECRET);
            var second = handle(api, post("order-42"));

            assertThat(secrets.reads(secretArn)).isEqualTo(1);
            assertThat(id(second, "writeId")).as("kept for the environment's life").isEqualTo(id(first, "writeId"))
                    .isEqualTo(id(handle(api(IdKey.of(SECRET)), post("order-42")), "writeId"));
        }
    }

    @Test
    void aSecretThatCannotBeReadIsA503ToRetry_withNothingEnqueued() throws IOException {
        int closed;
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        var key = IdKey.fromSecret(SecretsManagerStandIn.client(URI.create("http://127.0.0.1:" + closed)), "id-key");

        var response = handle(api(key), post("order-42"));

        assertThat(response.getStatusCode()).isEqualTo(503);
        assertThat(response.getHeaders()).containsEntry("retry-after", "1");
        assertThat(response.getBody()).contains("Idempotency-Key");
        assertThat(queue.sent()).isEmpty();
        assertThat(handle(api(key), post(null)).getStatusCode()).as("writes without a key need no secret").isEqualTo(202);
    }

    @Test
    void twoSessionsOfOneAssumedRoleAreOneClient_twoRolesAreTwo() {
        var api = api(IdKey.of(SECRET));

        var taskA = handle(api, signedBy("arn:aws:sts::123456789012:assumed-role/booking-service/task-a"));
        var taskB = handle(api, signedBy("arn:aws:sts::123456789012:assumed-role/booking-service/task-b"));
        var otherRole = handle(api, signedBy("arn:aws:sts::123456789012:assumed-role/billing-service/task-a"));

        assertThat(id(taskB, "writeId")).isEqualTo(id(taskA, "writeId"));
        assertThat(id(otherRole, "writeId")).isNotEqualTo(id(taskA, "writeId"));
        assertThat(Callers.withoutSession("arn:aws:iam::123456789012:user/ops"))
                .isEqualTo("arn:aws:iam::123456789012:user/ops");
    }

    @Test
    void onAwsTheKeyIsTheSecretNamedByItsArn_locallyTheKeyItself() {
        var clientsBuilt = new AtomicInteger();
        Supplier<SecretSource> noClient = () -> {
            clientsBuilt.incrementAndGet();
            throw new AssertionError("no Secrets Manager client may be built before the first keyed request");
        };
        var onAws = IdKey.fromEnvironment(Map.of("ID_KEY_SECRET_ARN", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:k",
                "AWS_REGION", "eu-west-1", "ID_KEY", SECRET), noClient);
        var local = IdKey.fromEnvironment(Map.of("ID_KEY", SECRET), noClient);

        assertThat(onAws.isRead()).as("building it reads nothing").isFalse();
        assertThat(clientsBuilt).as("building it builds no client").hasValue(0);
        assertThat(local.derive("name")).isEqualTo(IdKey.of(SECRET).derive("name"));
        assertThatThrownBy(() -> IdKey.fromEnvironment(Map.of(), noClient))
                .hasMessageContaining("ID_KEY_SECRET_ARN").hasMessageContaining("ID_KEY");
    }

    @Test
    void aShortKeyIsRefused_withoutQuotingIt() {
        assertThatThrownBy(() -> IdKey.of("short-key"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("at least 32 characters")
                .hasMessageNotContaining("short-key");
        assertThat(IdKey.of(SECRET).toString()).doesNotContain(SECRET);
    }
}
