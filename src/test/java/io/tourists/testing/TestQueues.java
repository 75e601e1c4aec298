package io.tourists.testing;

import io.tourists.json.Json;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * A write queue and its dead-letter queue on a test's ElasticMQ, wired as template.yaml wires them (a redrive
 * policy to the DLQ), with the test's own visibility timeout and maxReceiveCount.
 */
public record TestQueues(String name, String url, String arn, String deadLetterName, String deadLetterUrl,
                         String deadLetterArn) {

    /** Creates {@code name} and {@code name-dlq} ({@code .fifo} on both for FIFO queues). */
    public static TestQueues create(SqsClient sqs, String name, Duration visibilityTimeout, int maxReceiveCount,
                                    boolean fifo) {
        var suffix = fifo ? ".fifo" : "";
        var fifoAttribute = fifo ? Map.of(QueueAttributeName.FIFO_QUEUE, "true") : Map.<QueueAttributeName, String>of();
        var deadLetterName = name + "-dlq" + suffix;
        var deadLetterUrl = sqs.createQueue(r -> r.queueName(deadLetterName).attributes(fifoAttribute)).queueUrl();
        var deadLetterArn = arn(sqs, deadLetterUrl);
        var attributes = new HashMap<>(fifoAttribute);
        attributes.put(QueueAttributeName.VISIBILITY_TIMEOUT, Long.toString(visibilityTimeout.toSeconds()));
        attributes.put(QueueAttributeName.REDRIVE_POLICY,
                Json.write(Map.of("deadLetterTargetArn", deadLetterArn, "maxReceiveCount", maxReceiveCount)));
        var url = sqs.createQueue(r -> r.queueName(name + suffix).attributes(attributes)).queueUrl();
        return new TestQueues(name + suffix, url, arn(sqs, url), deadLetterName, deadLetterUrl, deadLetterArn);
    }

    public static long visible(SqsClient sqs, String url) {
        return count(sqs, url, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
    }

    /** Visible plus in-flight messages. */
    public static long depth(SqsClient sqs, String url) {
        var attributes = sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return Long.parseLong(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Long.parseLong(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    private static long count(SqsClient sqs, String url, QueueAttributeName attribute) {
        return Long.parseLong(sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(attribute))
                .attributes().get(attribute));
    }

    private static String arn(SqsClient sqs, String url) {
        return sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }
}
