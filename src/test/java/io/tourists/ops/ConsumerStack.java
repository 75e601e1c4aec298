package io.tourists.ops;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.zaxxer.hikari.HikariDataSource;
import io.tourists.consumer.Backoff;
import io.tourists.consumer.BatchReport;
import io.tourists.consumer.WriteBatchConsumer;
import io.tourists.db.Databases;
import io.tourists.db.DbSettings;
import io.tourists.db.Migrations;
import io.tourists.db.TouristStore;
import io.tourists.domain.Ids;
import io.tourists.domain.Tourist;
import io.tourists.domain.TouristWrite;
import io.tourists.domain.WriteRetention;
import io.tourists.local.db.EmbeddedDatabase;
import io.tourists.local.sqs.EmbeddedSqs;
import io.tourists.local.sqs.BatchPoller;
import io.tourists.local.lambda.LocalContext;
import io.tourists.ops.Cli;
import io.tourists.queue.DeadLetterQueue;
import io.tourists.queue.MessageAttributes;
import io.tourists.queue.SqsClients;
import io.tourists.queue.SqsWriteQueue;
import io.tourists.queue.WriteEnvelope;
import io.tourists.testing.TestQueues;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A test fixture: the write path's back half, for real. ElasticMQ, embedded PostgreSQL, and the real consumer
 * ({@link WriteBatchConsumer} with {@link TouristStore} and {@link DeadLetterQueue}) invoked by the local event
 * source mapping. The operator's CLI runs against it in-process.
 */
public final class ConsumerStack implements AutoCloseable {

    static final Duration CONSUMER_TIMEOUT = Duration.ofSeconds(10);
    private static final AtomicInteger QUEUES = new AtomicInteger();

    public final EmbeddedSqs elasticMq;
    public final EmbeddedDatabase database;
    public final SqsClient sqs;
    public final HikariDataSource dataSource;
    public final TouristStore store;
    public final Clock clock = Clock.systemUTC();

    public ConsumerStack() {
        elasticMq = EmbeddedSqs.start(0);
        database = EmbeddedDatabase.start(0, "tourists", Optional.empty());
        sqs = SqsClients.forEndpoint(elasticMq.endpoint(), Region.US_EAST_1, Cli.LOCAL_CREDENTIALS, Duration.ofSeconds(10));
        dataSource = Databases.pool(new DbSettings(database.jdbcUrl(), database.user(), database.password(), 2,
                Duration.ofSeconds(3)), "tests");
        Migrations.migrate(dataSource);
        store = new TouristStore(dataSource);
    }

    /** The CLI as an operator on this machine would run it: the local endpoint and database from the environment. */
    public Cli cli() {
        return new Cli(Map.of(
                "AWS_REGION", "us-east-1",
                "AWS_ENDPOINT_URL_SQS", elasticMq.endpoint().toString(),
                "DB_URL", database.jdbcUrl(),
                "DB_USER", database.user(),
                "DB_PASSWORD", database.password()));
    }

    /** A fresh pair of queues: the write queue redrives to its DLQ after {@code maxReceiveCount} receives. */
    public TestQueues queues(int maxReceiveCount) {
        return TestQueues.create(sqs, "tourist-writes-" + QUEUES.incrementAndGet(), Duration.ofSeconds(1), maxReceiveCount, false);
    }

    /** The consumer, polling the write queue once per call, with the given database behind it. */
    public Consumer consumer(TestQueues queues, DataSource behind) {
        return consumer(queues, behind, 10);
    }

    /** The same, receiving batches of up to {@code batchSize} messages. */
    public Consumer consumer(TestQueues queues, DataSource behind, int batchSize) {
        var reports = java.util.Collections.synchronizedList(new ArrayList<BatchReport>());
        // Batches the database could not take come back after 1 s, as the queue's visibility timeout has them do.
        var consumer = WriteBatchConsumer.of(behind, sqs,
                new WriteBatchConsumer.Queues(queues.url(), queues.deadLetterUrl()),
                new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1)), WriteRetention.ofDays(WriteRetention.DEFAULT_DAYS),
                clock);
        RequestHandler<SQSEvent, SQSBatchResponse> function = (event, context) -> {
            var result = consumer.consume(event);
            reports.add(result.report());
            return result.response();
        };
        var mapping = new BatchPoller(sqs, queues.url(), queues.arn(), "us-east-1",
                new BatchPoller.Settings(batchSize, batchSize > 10 ? Duration.ofMillis(200) : Duration.ZERO,
                        CONSUMER_TIMEOUT), function,
                () -> new LocalContext("consumer", 512, CONSUMER_TIMEOUT));
        return new Consumer(mapping, reports);
    }

    public record Consumer(BatchPoller mapping, List<BatchReport> reports) {

        /** Polls until the queue answers empty (bounded), and sums what the consumer reported. */
        public BatchReport drain() {
            int before = reports.size();
            for (int polls = 0; polls < 1_000; polls++) {
                if (mapping.pollOnce(Duration.ofSeconds(1)).received() == 0) {
                    break;
                }
            }
            return sum(before);
        }

        /** Polls in a background thread until closed: a consumer that runs while a test does something else. */
        public Running start() {
            int before = reports.size();
            var running = new java.util.concurrent.atomic.AtomicBoolean(true);
            var thread = Thread.ofPlatform().daemon().name("test-consumer").start(() -> {
                while (running.get()) {
                    mapping.pollOnce(Duration.ofSeconds(1));
                }
            });
            return () -> {
                running.set(false);
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return sum(before);
            };
        }

        private BatchReport sum(int from) {
            synchronized (reports) {
                return reports.subList(from, reports.size()).stream().reduce(new BatchReport(0, 0, 0, 0, 0, 0),
                        (a, b) -> new BatchReport(a.received() + b.received(), a.applied() + b.applied(),
                                a.duplicates() + b.duplicates(), a.stale() + b.stale(), a.refused() + b.refused(),
                                a.retried() + b.retried()));
            }
        }
    }

    /** A consumer running in the background; stopping it returns what it reported meanwhile. */
    @FunctionalInterface
    public interface Running {
        BatchReport stop();
    }

    /** A database that is down: nothing listens on its port, and the pool gives up quickly. */
    public static HikariDataSource unreachableDatabase() {
        int port;
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return Databases.pool(new DbSettings("jdbc:postgresql://127.0.0.1:" + port + "/tourists", "tourists",
                "tourists", 1, Duration.ofMillis(250)), "down");
    }

    public void send(TestQueues queues, TouristWrite write) {
        new SqsWriteQueue(sqs, queues.url()).send(write, "corr-" + write.writeId());
    }

    /** What another service might publish: a body the consumer refuses, with the usual attributes. */
    public void sendRaw(TestQueues queues, String body) {
        sqs.sendMessage(r -> r.queueUrl(queues.url()).messageBody(body).messageAttributes(Map.of(
                MessageAttributes.TYPE, text(WriteEnvelope.UPSERTED),
                MessageAttributes.CORRELATION_ID, text("corr-poison"))));
    }

    public static TouristWrite.Upsert upsert(UUID touristId, Instant occurredAt, String firstName) {
        return new TouristWrite.Upsert(Ids.newId(Clock.systemUTC()), touristId, occurredAt.truncatedTo(ChronoUnit.MICROS),
                new Tourist(firstName, "Lovelace", firstName.toLowerCase() + "@example.com", "GB",
                        LocalDate.of(1990, 12, 10), Optional.empty()));
    }

    public static void waitUntil(Duration max, BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        assertThat(condition.getAsBoolean()).as(what).isTrue();
    }

    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }

    @Override
    public void close() {
        sqs.close();
        dataSource.close();
        database.close();
        elasticMq.close();
    }
}
