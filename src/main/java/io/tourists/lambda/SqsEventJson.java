package io.tourists.lambda;

import static io.tourists.lambda.EventFields.object;
import static io.tourists.lambda.EventFields.text;
import static io.tourists.lambda.EventFields.textList;
import static io.tourists.lambda.EventFields.textMap;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.MessageAttribute;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import com.fasterxml.jackson.databind.JsonNode;
import io.tourists.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The SQS event source mapping's event in, the partial batch response out, read and written with the project's
 * Jackson instead of the runtime interface client's serializer (see {@link HttpEventJson} for why).
 * {@code SqsEventJsonTest} reads AWS's sample events both ways and finds the same event.
 * https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html
 */
public final class SqsEventJson {

    private SqsEventJson() {
    }

    public static SQSEvent read(InputStream in) throws IOException {
        return event(Json.MAPPER.readTree(in));
    }

    static SQSEvent event(JsonNode node) {
        var event = new SQSEvent();
        var records = node.get("Records");
        if (records != null && records.isArray()) {
            var messages = new ArrayList<SQSMessage>(records.size());
            for (var record : records) {
                messages.add(message(record));
            }
            event.setRecords(messages);
        }
        return event;
    }

    private static SQSMessage message(JsonNode node) {
        var message = new SQSMessage();
        message.setMessageId(text(node, "messageId"));
        message.setReceiptHandle(text(node, "receiptHandle"));
        message.setBody(text(node, "body"));
        message.setMd5OfBody(text(node, "md5OfBody"));
        message.setMd5OfMessageAttributes(text(node, "md5OfMessageAttributes"));
        message.setEventSourceArn(text(node, "eventSourceARN"));
        message.setEventSource(text(node, "eventSource"));
        message.setAwsRegion(text(node, "awsRegion"));
        message.setAttributes(textMap(node, "attributes"));
        var attributes = object(node, "messageAttributes");
        if (attributes != null) {
            var map = new LinkedHashMap<String, MessageAttribute>();
            for (var field : attributes.properties()) {
                map.put(field.getKey(), attribute(field.getValue()));
            }
            message.setMessageAttributes(map);
        }
        return message;
    }

    private static MessageAttribute attribute(JsonNode node) {
        var attribute = new MessageAttribute();
        attribute.setStringValue(text(node, "stringValue"));
        attribute.setDataType(text(node, "dataType"));
        var binary = text(node, "binaryValue");
        if (binary != null) {
            attribute.setBinaryValue(ByteBuffer.wrap(Base64.getDecoder().decode(binary)));
        }
        attribute.setStringListValues(textList(node, "stringListValues"));
        var binaries = textList(node, "binaryListValues");
        if (binaries != null) {
            var buffers = new ArrayList<ByteBuffer>(binaries.size());
            for (var value : binaries) {
                buffers.add(value == null ? null : ByteBuffer.wrap(Base64.getDecoder().decode(value)));
            }
            attribute.setBinaryListValues(buffers);
        }
        return attribute;
    }

    /** {"batchItemFailures":[{"itemIdentifier":"..."}]}, as the event source mapping reads it. */
    public static void write(SQSBatchResponse response, OutputStream out) throws IOException {
        try (var json = Json.MAPPER.getFactory().createGenerator(out)) {
            json.writeStartObject();
            List<SQSBatchResponse.BatchItemFailure> failures = response.getBatchItemFailures();
            if (failures != null) {
                json.writeArrayFieldStart("batchItemFailures");
                for (var failure : failures) {
                    json.writeStartObject();
                    json.writeStringField("itemIdentifier", failure.getItemIdentifier());
                    json.writeEndObject();
                }
                json.writeEndArray();
            }
            json.writeEndObject();
        }
    }
}
