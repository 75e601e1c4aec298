package io.tourists.ops;

import io.tourists.json.Json;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** A write queue and its dead-letter queue on the test's ElasticMQ, wired as template.yaml wires them. */
public record LocalQueues(String name, String url, String arn, String deadLetterName, String deadLetterUrl,
                          String deadLetterArn) {

    public static LocalQueues create(SqsClient sqs, String name, int visibilityTimeoutSeconds, int maxReceiveCount) {
        var deadLetterName = name + "-dlq";
        var deadLetterUrl = sqs.createQueue(r -> r.queueName(deadLetterName)).queueUrl();
        var deadLetterArn = arn(sqs, deadLetterUrl);
        var policy = Json.write(Map.of("deadLetterTargetArn", deadLetterArn, "maxReceiveCount", maxReceiveCount));
        var url = sqs.createQueue(r -> r.queueName(name).attributes(Map.of(
                QueueAttributeName.VISIBILITY_TIMEOUT, Integer.toString(visibilityTimeoutSeconds),
                QueueAttributeName.REDRIVE_POLICY, policy))).queueUrl();
        return new LocalQueues(name, url, arn(sqs, url), deadLetterName, deadLetterUrl, deadLetterArn);
    }

    public static long visible(SqsClient sqs, String url) {
        return Long.parseLong(sqs.getQueueAttributes(r -> r.queueUrl(url)
                        .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                .attributes().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }

    public static long inFlight(SqsClient sqs, String url) {
        return Long.parseLong(sqs.getQueueAttributes(r -> r.queueUrl(url)
                        .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                .attributes().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    private static String arn(SqsClient sqs, String url) {
        return sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }
}
