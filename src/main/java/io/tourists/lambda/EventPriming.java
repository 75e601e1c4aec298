package io.tourists.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Reads a sample event and writes a sample answer the way Lambda's entry does, before a SnapStart snapshot (and in
 * the write API's every init): the first request then loads none of {@link HttpEventJson}'s or
 * {@link SqsEventJson}'s classes. No I/O.
 */
public final class EventPriming {

    private static final String HTTP_EVENT = """
            {"version":"2.0","routeKey":"$default","rawPath":"/tourists","headers":{"content-type":"application/json"},
             "queryStringParameters":{"limit":"1"},"pathParameters":{"id":"1"},"body":"{}","isBase64Encoded":false,
             "requestContext":{"requestId":"priming","timeEpoch":0,"http":{"method":"GET","path":"/tourists"},
              "authorizer":{"jwt":{"claims":{"sub":"priming"},"scopes":null}}}}""";

    private static final String SQS_EVENT = """
            {"Records":[{"messageId":"priming","receiptHandle":"priming","body":"{}",
              "attributes":{"ApproximateReceiveCount":"1"},
              "messageAttributes":{"correlationId":{"stringValue":"priming","stringListValues":[],"binaryListValues":[],
               "dataType":"String"}},"eventSourceARN":"arn:aws:sqs:eu-west-1:000000000000:priming"}]}""";

    private EventPriming() {
    }

    /** @return the request id read from the sample, so tests can see the path really ran */
    public static String http() {
        try {
            var event = HttpEventJson.read(stream(HTTP_EVENT));
            HttpEventJson.write(APIGatewayV2HTTPResponse.builder().withStatusCode(200)
                    .withHeaders(Map.of("content-type", "application/json")).withBody("{}").build(),
                    OutputStream.nullOutputStream());
            return event.getRequestContext().getRequestId();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the message id read from the sample */
    public static String sqs() {
        try {
            var event = SqsEventJson.read(stream(SQS_EVENT));
            SqsEventJson.write(new SQSBatchResponse(List.of(new SQSBatchResponse.BatchItemFailure("priming"))),
                    OutputStream.nullOutputStream());
            return event.getRecords().getFirst().getMessageId();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ByteArrayInputStream stream(String json) {
        return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
    }
}
