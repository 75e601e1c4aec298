package io.tourists.consumer;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.zaxxer.hikari.HikariDataSource;
import io.tourists.config.Env;
import io.tourists.db.Databases;
import io.tourists.db.StoreException;
import io.tourists.domain.WriteRetention;
import io.tourists.lambda.FunctionSetup;
import io.tourists.lambda.InvocationMetrics;
import io.tourists.lambda.Lazy;
import io.tourists.lambda.SqsEventJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Optional;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * The consumer: the write queue's event source mapping invokes it with batches, at most
 * MaximumConcurrency at once, each holding at most one database connection. Configure the mapping with
 * {@code FunctionResponseTypes: [ReportBatchItemFailures]}.
 *
 * <p>Environment: {@code WRITE_QUEUE_URL} (the queue the mapping reads: batches go back to it while the
 * database is unavailable), {@code DEAD_LETTER_QUEUE_URL}, {@code DB_URL}, {@code DB_SECRET_ARN} or
 * {@code DB_USER} and {@code DB_PASSWORD}, optional {@code DB_POOL_SIZE}, {@code WRITE_RETENTION_DAYS} (writes
 * older than this are parked as {@code too-old}; default 20), {@code BACKOFF_FIRST_SECONDS} and
 * {@code BACKOFF_MAX_SECONDS} (see {@link Backoff}; default 2 and 60), {@code AWS_REGION}.
 *
 * <p>With SnapStart, {@link #beforeCheckpoint} decodes a sample message without I/O, and
 * {@link #afterRestore} makes the pool open fresh connections with fresh credentials.
 */
public final class ConsumerFunction implements RequestHandler<SQSEvent, SQSBatchResponse>, RequestStreamHandler, Resource,
        AutoCloseable {

    public static final Duration QUEUE_CALL_TIMEOUT = Duration.ofSeconds(5);

    private final WriteBatchConsumer consumer;
    private final InvocationMetrics metrics;
    /** The pool this function built itself; empty when the caller passed the consumer in. */
    private final Optional<HikariDataSource> pool;
    /** Builds the SQS client this function makes at its first call (a no-op when the caller passed the consumer). */
    private final Runnable buildQueueClient;
    /** Closes the pool and the SQS client this function built itself. */
    private final Runnable closeResources;

    /** Lambda's: this process's environment; registers the SnapStart hooks. */
    public ConsumerFunction() {
        this(FunctionSetup.lambda());
        Core.getGlobalContext().register(this);
    }

    /**
     * The one assembly of this function, from its environment (see above) and clients: Lambda's, the local
     * runtime's and the tests'. Registers no SnapStart hooks.
     */
    public ConsumerFunction(FunctionSetup setup) {
        this(setup, Databases.fromEnvironment(setup.env(), setup.aws()::secrets, "tourists-consumer"),
                Lazy.of(() -> setup.aws().sqs(QUEUE_CALL_TIMEOUT)));
    }

    /**
     * The SQS client is built at its first call, not in init: only parking a message and sending a batch back
     * during an outage need it, and building it (with the JDK's TLS context) was about a fifth of this init.
     * With SnapStart the snapshot holds it ({@link #beforeCheckpoint}).
     */
    private ConsumerFunction(FunctionSetup setup, HikariDataSource pool, Lazy<SqsClient> sqs) {
        this(WriteBatchConsumer.of(pool, sqs,
                        new WriteBatchConsumer.Queues(Env.required(setup.env(), "WRITE_QUEUE_URL"),
                                Env.required(setup.env(), "DEAD_LETTER_QUEUE_URL")),
                        Backoff.fromEnvironment(setup.env()), WriteRetention.fromEnvironment(setup.env()), setup.clock()),
                setup.metrics(), Optional.of(pool), sqs::get, () -> {
                    pool.close();
                    sqs.ifMade(SqsClient::close);
                });
    }

    /** With collaborators, for tests: a consumer over a chosen data source, or over in-memory doubles. */
    public ConsumerFunction(WriteBatchConsumer consumer, InvocationMetrics metrics) {
        this(consumer, metrics, Optional.empty(), () -> { }, () -> { });
    }

    private ConsumerFunction(WriteBatchConsumer consumer, InvocationMetrics metrics, Optional<HikariDataSource> pool,
                             Runnable buildQueueClient, Runnable closeResources) {
        this.consumer = consumer;
        this.metrics = metrics;
        this.pool = pool;
        this.buildQueueClient = buildQueueClient;
        this.closeResources = closeResources;
    }

    /**
     * Lambda's entry: the event read and the partial batch response written with the project's Jackson
     * ({@link SqsEventJson}), not the runtime interface client's serializer. Lambda picks this overload, the one
     * with the most parameters.
     */
    @Override
    public void handleRequest(InputStream event, OutputStream response, Context context) throws IOException {
        SqsEventJson.write(handleRequest(SqsEventJson.read(event), context), response);
    }

    /** The local runtime's and the tests' entry, with the event as a value. */
    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> metrics.flushAfter(() -> consume(event,
                Duration.ofMillis(context.getRemainingTimeInMillis()))));
    }

    private SQSBatchResponse consume(SQSEvent event, Duration timeLeft) {
        try {
            var result = consumer.consume(event, timeLeft);
            ConsumerMetrics.record(result.report(), metrics);
            return result.response();
        } catch (RuntimeException e) {
            ConsumerMetrics.recordFailedBatch(event.getRecords() == null ? 0 : event.getRecords().size(),
                    e instanceof StoreException.Unavailable, metrics);
            throw e;
        }
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        ConsumerPriming.run();
        buildQueueClient.run();
        pool.ifPresent(Databases::prime);
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        pool.ifPresent(Databases::reopen);
    }

    /** Closes what {@link #ConsumerFunction(FunctionSetup)} built: the local runtime discards environments. */
    @Override
    public void close() {
        closeResources.run();
    }
}
