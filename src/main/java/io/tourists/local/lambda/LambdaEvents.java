package io.tourists.local.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tourists.json.Json;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Builds the events a function receives from the same JSON AWS sends, read by the Lambda Java runtime's
 * own serializers (aws-lambda-java-serialization): the handler cannot tell the local runtime from Lambda.
 */
public final class LambdaEvents {

    private static final PojoSerializer<SQSEvent> SQS =
            LambdaEventSerializers.serializerFor(SQSEvent.class, LambdaEvents.class.getClassLoader());
    private static final PojoSerializer<APIGatewayV2HTTPEvent> HTTP =
            LambdaEventSerializers.serializerFor(APIGatewayV2HTTPEvent.class, LambdaEvents.class.getClassLoader());

    private static final PojoSerializer<APIGatewayV2HTTPResponse> HTTP_RESPONSE =
            LambdaEventSerializers.serializerFor(APIGatewayV2HTTPResponse.class, LambdaEvents.class.getClassLoader());

    private LambdaEvents() {
    }

    /**
     * The SQS event the event source mapping would send for these received messages. Receive them with
     * all system and message attributes so that nothing Lambda would pass is missing.
     */
    public static SQSEvent sqsEvent(List<Message> messages, String queueArn, String region) {
        var root = Json.MAPPER.createObjectNode();
        var records = root.putArray("Records");
        for (var message : messages) {
            var record = records.addObject()
                    .put("messageId", message.messageId())
                    .put("receiptHandle", message.receiptHandle())
                    .put("body", message.body())
                    .put("md5OfBody", message.md5OfBody())
                    .put("eventSource", "aws:sqs")
                    .put("eventSourceARN", queueArn)
                    .put("awsRegion", region);
            if (message.md5OfMessageAttributes() != null) {
                record.put("md5OfMessageAttributes", message.md5OfMessageAttributes());
            }
            var attributes = record.putObject("attributes");
            message.attributes().forEach((name, value) -> {
                if (name != MessageSystemAttributeName.UNKNOWN_TO_SDK_VERSION) {
                    attributes.put(name.toString(), value);
                }
            });
            var messageAttributes = record.putObject("messageAttributes");
            message.messageAttributes().forEach((name, value) -> {
                ObjectNode attribute = messageAttributes.putObject(name);
                attribute.put("dataType", value.dataType());
                if (value.stringValue() != null) {
                    attribute.put("stringValue", value.stringValue());
                }
                if (value.binaryValue() != null) {
                    attribute.put("binaryValue", Base64.getEncoder().encodeToString(value.binaryValue().asByteArray()));
                }
                attribute.putArray("stringListValues");
                attribute.putArray("binaryListValues");
            });
        }
        return SQS.fromJson(Json.write(root));
    }

    /** An HTTP API (payload 2.0) event from its JSON. */
    public static APIGatewayV2HTTPEvent httpEvent(String json) {
        return HTTP.fromJson(json);
    }

    /** The JSON the Lambda Java runtime writes for a function's HTTP API response: what API Gateway reads. */
    public static String httpResponseJson(APIGatewayV2HTTPResponse response) {
        var out = new ByteArrayOutputStream();
        HTTP_RESPONSE.toJson(response, out);
        return out.toString(StandardCharsets.UTF_8);
    }
}
