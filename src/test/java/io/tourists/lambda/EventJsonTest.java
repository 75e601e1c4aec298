package io.tourists.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import io.tourists.json.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The functions read their events and write their answers themselves ({@link HttpEventJson}, {@link SqsEventJson});
 * the runtime interface client's own serializer (aws-lambda-java-serialization, the one Lambda would use for a
 * typed handler) is the reference: the same JSON gives the same event, and the same answer gives the same JSON.
 */
class EventJsonTest {

    private static final ClassLoader LOADER = EventJsonTest.class.getClassLoader();

    /** Every field of payload format 2.0, the authorizer kinds included, which the samples do not all carry. */
    private static final String FULL_HTTP_EVENT = """
            {"version":"2.0","routeKey":"GET /tourists/{id}","rawPath":"/tourists/7","rawQueryString":"a=1&b=2",
             "cookies":["c1=v1","c2=v2"],"headers":{"accept":"*/*","x-multi":"a,b"},
             "queryStringParameters":{"a":"1","b":"2"},"pathParameters":{"id":"7"},"stageVariables":{"s":"v"},
             "body":"eyJhIjoxfQ==","isBase64Encoded":true,
             "requestContext":{"routeKey":"GET /tourists/{id}","accountId":"123456789012","stage":"$default",
              "apiId":"api","domainName":"api.example.com","domainPrefix":"api","time":"14/Mar/2026:12:00:04 +0000",
              "timeEpoch":1773489604345,"requestId":"r-1",
              "http":{"method":"GET","path":"/tourists/7","protocol":"HTTP/1.1","sourceIp":"203.0.113.24","userAgent":"ua"},
              "authorizer":{"jwt":{"claims":{"sub":"s","scope":"tourists/read"},"scopes":["tourists/read"]},
               "lambda":{"tenant":"t1","level":3,"tags":["a"]},
               "iam":{"accessKey":"AKIA","accountId":"123456789012","callerId":"c","principalOrgId":"o","userArn":"arn:u",
                "userId":"u","cognitoIdentity":{"amr":["authenticated"],"identityId":"i","identityPoolId":"p"}}}},
             "unknownField":{"ignored":true}}
            """;

    private static final String FULL_SQS_EVENT = """
            {"Records":[{"messageId":"m1","receiptHandle":"rh","body":"{}","md5OfBody":"d","md5OfMessageAttributes":"e",
              "attributes":{"ApproximateReceiveCount":"2","MessageGroupId":"g"},
              "messageAttributes":{"s":{"stringValue":"v","stringListValues":["x"],"binaryListValues":["AQI="],"dataType":"String"},
                                   "b":{"binaryValue":"AAEC","dataType":"Binary"},
                                   "n":{"stringValue":"12","dataType":"Number.int"}},
              "eventSource":"aws:sqs","eventSourceARN":"arn:aws:sqs:eu-west-1:123456789012:q","awsRegion":"eu-west-1"},
             {"messageId":"m2","receiptHandle":"rh2","body":"x"}]}
            """;

    @ParameterizedTest
    @ValueSource(strings = {"post-tourist.json", "post-tourist-base64.json", "post-tourist-jwt.json", "put-tourist.json",
            "delete-tourist.json"})
    void anHttpSampleReadsAsTheClientReadsIt(String sample) throws Exception {
        var json = Files.readAllBytes(Path.of("src/test/resources/events", sample));
        assertThat(HttpEventJson.read(new ByteArrayInputStream(json))).isEqualTo(clientReads(APIGatewayV2HTTPEvent.class, json));
    }

    @Test
    void everyHttpFieldReadsAsTheClientReadsIt() throws Exception {
        var json = FULL_HTTP_EVENT.getBytes(StandardCharsets.UTF_8);
        var ours = HttpEventJson.read(new ByteArrayInputStream(json));
        assertThat(ours).isEqualTo(clientReads(APIGatewayV2HTTPEvent.class, json));
        assertThat(ours.getRequestContext().getAuthorizer().getLambda()).containsEntry("level", 3);
        assertThat(ours.getIsBase64Encoded()).isTrue();
    }

    @Test
    void anHttpResponseIsWrittenAsTheClientWritesIt() throws Exception {
        var full = APIGatewayV2HTTPResponse.builder().withStatusCode(201)
                .withHeaders(Map.of("content-type", "application/json", "etag", "\"3\""))
                .withMultiValueHeaders(Map.of("x-many", List.of("a", "b"))).withCookies(List.of("c=1"))
                .withBody("{\"id\":\"7\"}").withIsBase64Encoded(false).build();
        var bare = APIGatewayV2HTTPResponse.builder().withStatusCode(204).build();
        for (var response : List.of(full, bare)) {
            var ours = new ByteArrayOutputStream();
            HttpEventJson.write(response, ours);
            assertThat(Json.MAPPER.readTree(ours.toByteArray()))
                    .isEqualTo(Json.MAPPER.readTree(clientWrites(APIGatewayV2HTTPResponse.class, response)));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqs-standard-event.json", "sqs-fifo-event.json", "sqs-duplicates-event.json",
            "sqs-rejections-event.json"})
    void anSqsSampleReadsAsTheClientReadsIt(String sample) throws Exception {
        var json = Files.readAllBytes(Path.of("src/test/resources/events", sample));
        assertThat(SqsEventJson.read(new ByteArrayInputStream(json)).getRecords())
                .isEqualTo(clientReads(SQSEvent.class, json).getRecords());
    }

    @Test
    void everySqsFieldReadsAsTheClientReadsIt() throws Exception {
        var json = FULL_SQS_EVENT.getBytes(StandardCharsets.UTF_8);
        var ours = SqsEventJson.read(new ByteArrayInputStream(json));
        assertThat(ours.getRecords()).hasSize(2).isEqualTo(clientReads(SQSEvent.class, json).getRecords());
        assertThat(ours.getRecords().getFirst().getMessageAttributes().get("b").getBinaryValue().array())
                .containsExactly(0, 1, 2);
    }

    @Test
    void aPartialBatchResponseIsWrittenAsTheClientWritesIt() throws Exception {
        var some = new SQSBatchResponse(List.of(new SQSBatchResponse.BatchItemFailure("m1"),
                new SQSBatchResponse.BatchItemFailure("m2")));
        for (var response : List.of(some, new SQSBatchResponse(List.of()))) {
            var ours = new ByteArrayOutputStream();
            SqsEventJson.write(response, ours);
            assertThat(Json.MAPPER.readTree(ours.toByteArray()))
                    .isEqualTo(Json.MAPPER.readTree(clientWrites(SQSBatchResponse.class, response)));
        }
    }

    private static <T> T clientReads(Class<T> type, byte[] json) {
        return LambdaEventSerializers.serializerFor(type, LOADER).fromJson(new ByteArrayInputStream(json));
    }

    private static <T> byte[] clientWrites(Class<T> type, T value) {
        PojoSerializer<T> serializer = LambdaEventSerializers.serializerFor(type, LOADER);
        var out = new ByteArrayOutputStream();
        serializer.toJson(value, out);
        return out.toByteArray();
    }
}
