package io.tourists.ops.sqs;

import io.tourists.json.Json;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** A queue that exists, as SQS describes it: its name, URL, ARN and the attributes a command asked for. */
public record SqsQueue(String name, String url, String arn, Map<QueueAttributeName, String> attributes) {

    public Optional<String> attribute(QueueAttributeName name) {
        return Optional.ofNullable(attributes.get(name));
    }

    /** Where the queue sends a message after maxReceiveCount receives, if it has a redrive policy. */
    public record RedrivePolicy(String deadLetterTargetArn, int maxReceiveCount) {}

    public Optional<RedrivePolicy> redrivePolicy() {
        return attribute(QueueAttributeName.REDRIVE_POLICY).flatMap(text -> {
            try {
                var node = Json.readTree(text);
                var target = node.path("deadLetterTargetArn").asText(null);
                var maxReceiveCount = node.path("maxReceiveCount").asInt(0);
                return target == null ? Optional.empty() : Optional.of(new RedrivePolicy(target, maxReceiveCount));
            } catch (Exception e) {
                return Optional.empty();
            }
        });
    }

    /** The queue name is the last segment of its URL and of its ARN, on SQS as on ElasticMQ. */
    public static String nameOf(String urlOrArn) {
        int cut = Math.max(urlOrArn.lastIndexOf('/'), urlOrArn.lastIndexOf(':'));
        return urlOrArn.substring(cut + 1);
    }
}
