package io.tourists.consumer;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.zaxxer.hikari.HikariDataSource;
import io.tourists.config.Env;
import io.tourists.db.DbSettings;
import io.tourists.db.Databases;
import io.tourists.lambda.InvocationMetrics;
import io.tourists.queue.SqsClients;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * The consumer: the write queue's event source mapping invokes it with batches, at most
 * MaximumConcurrency at once, each holding at most one database connection. Configure the mapping with
 * {@code FunctionResponseTypes: [ReportBatchItemFailures]}.
 *
 * <p>Environment: {@code DEAD_LETTER_QUEUE_URL}, {@code DB_URL}, {@code DB_SECRET_ARN} or {@code DB_USER}
 * and {@code DB_PASSWORD}, optional {@code DB_POOL_SIZE}, {@code AWS_REGION}.
 *
 * <p>With SnapStart, {@link #beforeCheckpoint} decodes a sample message without I/O, and
 * {@link #afterRestore} makes the pool open fresh connections with fresh credentials.
 */
public final class ConsumerFunction implements RequestHandler<SQSEvent, SQSBatchResponse>, Resource {

    public static final Duration QUEUE_CALL_TIMEOUT = Duration.ofSeconds(5);

    private final WriteBatchConsumer consumer;
    private final InvocationMetrics metrics;
    /** The pool this function built itself; empty when the caller passed the consumer in. */
    private final Optional<HikariDataSource> pool;

    public ConsumerFunction() {
        this(System.getenv());
    }

    /** What Lambda builds, from this environment; registers the SnapStart hooks. */
    public ConsumerFunction(Map<String, String> env) {
        this(Databases.pool(DbSettings.fromEnvironment(env), env, "tourists-consumer"), env);
        Core.getGlobalContext().register(this);
    }

    private ConsumerFunction(HikariDataSource pool, Map<String, String> env) {
        this(consumer(pool, env), InvocationMetrics.fromEnvironment(env), Optional.of(pool));
    }

    /** With collaborators, for the local runtime and tests; publishes no metrics. */
    public ConsumerFunction(WriteBatchConsumer consumer) {
        this(consumer, InvocationMetrics.off());
    }

    public ConsumerFunction(WriteBatchConsumer consumer, InvocationMetrics metrics) {
        this(consumer, metrics, Optional.empty());
    }

    private ConsumerFunction(WriteBatchConsumer consumer, InvocationMetrics metrics, Optional<HikariDataSource> pool) {
        this.consumer = consumer;
        this.metrics = metrics;
        this.pool = pool;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> metrics.flushAfter(() -> consume(event)));
    }

    private SQSBatchResponse consume(SQSEvent event) {
        try {
            var result = consumer.consume(event);
            ConsumerMetrics.record(result.report(), metrics);
            return result.response();
        } catch (RuntimeException e) {
            ConsumerMetrics.recordFailedBatch(event.getRecords() == null ? 0 : event.getRecords().size(), metrics);
            throw e;
        }
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        ConsumerPriming.run();
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        pool.ifPresent(Databases::reopen);
    }

    private static WriteBatchConsumer consumer(HikariDataSource pool, Map<String, String> env) {
        var clock = Clock.systemUTC();
        return WriteBatchConsumer.of(pool, SqsClients.fromEnvironment(env, QUEUE_CALL_TIMEOUT),
                Env.required(env, "DEAD_LETTER_QUEUE_URL"), clock);
    }
}
