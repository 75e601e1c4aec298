package io.tourists.consumer;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.tourists.config.Env;
import io.tourists.db.DbSettings;
import io.tourists.db.Databases;
import io.tourists.db.TouristStore;
import io.tourists.domain.TouristRules;
import io.tourists.json.TouristJson;
import io.tourists.queue.DeadLetterQueue;
import io.tourists.queue.SqsClients;
import io.tourists.queue.WriteEnvelope;
import java.time.Clock;
import java.time.Duration;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * The consumer: the write queue's event source mapping invokes it with batches, at most
 * MaximumConcurrency at once, each holding at most one database connection. Configure the mapping with
 * {@code FunctionResponseTypes: [ReportBatchItemFailures]}.
 *
 * <p>Environment: {@code DEAD_LETTER_QUEUE_URL}, {@code DB_URL}, {@code DB_USER}, {@code DB_PASSWORD},
 * optional {@code DB_POOL_SIZE}, {@code AWS_REGION}.
 */
public final class ConsumerFunction implements RequestHandler<SQSEvent, SQSBatchResponse> {

    public static final Duration QUEUE_CALL_TIMEOUT = Duration.ofSeconds(5);

    private final WriteBatchConsumer consumer;

    public ConsumerFunction() {
        this(fromEnvironment());
    }

    /** With collaborators, for the local runtime and tests. */
    public ConsumerFunction(WriteBatchConsumer consumer) {
        this.consumer = consumer;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> consumer.consume(event).response());
    }

    private static WriteBatchConsumer fromEnvironment() {
        var env = System.getenv();
        var clock = Clock.systemUTC();
        return new WriteBatchConsumer(
                new WriteEnvelope(new TouristJson(new TouristRules(clock)), clock),
                new TouristStore(Databases.pool(DbSettings.fromEnvironment(env), "tourists-consumer")),
                new DeadLetterQueue(SqsClients.fromEnvironment(QUEUE_CALL_TIMEOUT),
                        Env.required(env, "DEAD_LETTER_QUEUE_URL"), clock));
    }
}
