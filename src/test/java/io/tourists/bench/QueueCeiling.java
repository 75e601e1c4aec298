package io.tourists.bench;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;

/**
 * The queue's own ceiling, with no project code: a plain SDK v2 client (url-connection-client, as the
 * functions use) against the same SQS endpoint sends N messages one SendMessage each from C concurrent
 * senders, while R receivers (as many as the consumer's pollers) receive in batches of 10 and delete each
 * batch with DeleteMessageBatch. The time is from the first send to the last delete.
 */
final class QueueCeiling {

    record Result(int messages, Duration elapsed) {
        double perSecond() {
            return messages / (elapsed.toNanos() / 1e9);
        }
    }

    static Result run(URI endpoint, String region, int messages, int senders, int receivers, String body) {
        try (var sqs = SqsClient.builder()
                .endpointOverride(endpoint)
                .region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build()) {
            var queueUrl = sqs.createQueue(r -> r.queueName("bench-ceiling-" + System.nanoTime())).queueUrl();
            var deleted = new AtomicInteger();
            var permits = new Semaphore(senders);
            long start = System.nanoTime();
            try (var receiving = Executors.newVirtualThreadPerTaskExecutor()) {
                var receiverTasks = new ArrayList<java.util.concurrent.Future<?>>();
                for (int r = 0; r < receivers; r++) {
                    receiverTasks.add(receiving.submit(() -> {
                        while (deleted.get() < messages) {
                            var received = sqs.receiveMessage(q -> q.queueUrl(queueUrl).maxNumberOfMessages(10)
                                    .waitTimeSeconds(1)).messages();
                            if (received.isEmpty()) {
                                continue;
                            }
                            var entries = received.stream().map(m -> DeleteMessageBatchRequestEntry.builder()
                                    .id(m.messageId()).receiptHandle(m.receiptHandle()).build()).toList();
                            sqs.deleteMessageBatch(d -> d.queueUrl(queueUrl).entries(entries));
                            deleted.addAndGet(received.size());
                        }
                    }));
                }
                try (var sending = Executors.newVirtualThreadPerTaskExecutor()) {
                    for (int i = 0; i < messages; i++) {
                        permits.acquireUninterruptibly();
                        sending.submit(() -> {
                            try {
                                sqs.sendMessage(s -> s.queueUrl(queueUrl).messageBody(body));
                            } finally {
                                permits.release();
                            }
                        });
                    }
                }
                for (var task : receiverTasks) {
                    task.get();
                }
            } catch (Exception e) {
                throw new IllegalStateException("the queue ceiling run failed", e);
            }
            var elapsed = Duration.ofNanos(System.nanoTime() - start);
            sqs.deleteQueue(d -> d.queueUrl(queueUrl));
            return new Result(messages, elapsed);
        }
    }

    private QueueCeiling() {
    }
}
