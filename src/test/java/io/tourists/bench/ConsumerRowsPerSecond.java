package io.tourists.bench;

import io.tourists.consumer.WriteBatchConsumer;
import io.tourists.db.Databases;
import io.tourists.local.lambda.LambdaEvents;
import io.tourists.queue.WriteEnvelope;
import io.tourists.testing.Infrastructure;
import io.tourists.testing.Tourists;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Rows per second of one consumer invocation (decode + validate + one statement + commit), against the
 * embedded PostgreSQL with its default durability, for batches of 10, 100 and 1000. Queue I/O is left out:
 * the event is built in memory as the event source mapping would hand it over.
 *
 * <pre>mvn -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.tourists.bench.ConsumerRowsPerSecond</pre>
 */
public final class ConsumerRowsPerSecond {

    public static void main(String[] args) {
        var clock = Clock.systemUTC();
        var pool = Databases.pool(Infrastructure.settings(Infrastructure.database(), 1), "bench-consumer");
        Infrastructure.dataSource();
        var consumer = WriteBatchConsumer.of(pool, Infrastructure.sqs(),
                new WriteBatchConsumer.Queues("http://unused", "http://unused"), clock);
        System.out.printf("%-6s %12s %12s %12s%n", "batch", "median ms", "p90 ms", "rows/s");
        for (int size : new int[] {10, 100, 1000}) {
            int rounds = size == 1000 ? 30 : 100;
            var millis = new double[rounds];
            for (int warmup = 0; warmup < rounds; warmup++) {
                consumer.consume(event(size));
            }
            for (int round = 0; round < rounds; round++) {
                var event = event(size);
                long start = System.nanoTime();
                var result = consumer.consume(event);
                millis[round] = (System.nanoTime() - start) / 1e6;
                if (result.report().applied() != size) {
                    throw new IllegalStateException("expected " + size + " applied, got " + result.report());
                }
            }
            Arrays.sort(millis);
            double median = millis[rounds / 2];
            System.out.printf("%-6d %12.2f %12.2f %12.0f%n", size, median, millis[rounds * 9 / 10], size / median * 1000);
        }
        pool.close();
        System.exit(0);
    }

    private static com.amazonaws.services.lambda.runtime.events.SQSEvent event(int size) {
        var now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        var messages = new ArrayList<Message>();
        for (int i = 0; i < size; i++) {
            messages.add(Message.builder()
                    .messageId(UUID.randomUUID().toString())
                    .receiptHandle("rh-" + i)
                    .body(WriteEnvelope.encode(Tourists.upsert(UUID.randomUUID(), now, Tourists.ada())))
                    .attributes(Map.of(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "1"))
                    .build());
        }
        return LambdaEvents.sqsEvent(messages, "arn:aws:sqs:us-east-1:000000000000:bench", "us-east-1");
    }
}
