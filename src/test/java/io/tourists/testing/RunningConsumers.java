package io.tourists.testing;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.tourists.consumer.ConsumerFunction;
import io.tourists.consumer.WriteBatchConsumer;
import io.tourists.db.Databases;
import io.tourists.db.DbSettings;
import io.tourists.local.EmbeddedSqs;
import io.tourists.local.EventSourceMapping;
import io.tourists.local.LocalContext;
import io.tourists.local.lambda.ExecutionEnvironments;
import io.tourists.local.sqs.PollingEventSourceMapping;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * The consumer running as on Lambda, with the local runtime's event source mapping: MaximumConcurrency pollers
 * receive batches from a test's queue and invoke ConsumerFunctions, each execution environment with a pool of
 * its own, opened lazily as a function's is.
 */
public final class RunningConsumers implements AutoCloseable {

    private final PollingEventSourceMapping mapping;
    private final List<String> notices;

    private RunningConsumers(PollingEventSourceMapping mapping, List<String> notices) {
        this.mapping = mapping;
        this.notices = notices;
    }

    /**
     * @param consumers builds one environment's consumer on its pool, as the function's constructor does
     */
    public static RunningConsumers start(String name, TestQueues queues, DbSettings database, int maximumConcurrency,
                                         EventSourceMapping.Settings settings,
                                         Function<DataSource, WriteBatchConsumer> consumers) {
        var environments = new ExecutionEnvironments<RequestHandler<SQSEvent, SQSBatchResponse>>(name,
                OptionalInt.of(maximumConcurrency), () -> {
                    var pool = Databases.pool(database, name);
                    return new ExecutionEnvironments.Environment<>(new ConsumerFunction(consumers.apply(pool)),
                            pool::close);
                });
        var eventSourceMapping = new EventSourceMapping(Infrastructure.sqs(), queues.url(), queues.arn(),
                EmbeddedSqs.REGION, settings, () -> new LocalContext(name, 1024, settings.functionTimeout()));
        var notices = new CopyOnWriteArrayList<String>();
        var mapping = new PollingEventSourceMapping(eventSourceMapping, maximumConcurrency, environments, notices::add);
        mapping.start();
        return new RunningConsumers(mapping, notices);
    }

    public PollingEventSourceMapping.Stats stats() {
        return mapping.stats();
    }

    /** What the mapping reported (failed invocations and the like), for a test's output. */
    public List<String> notices() {
        return List.copyOf(notices);
    }

    @Override
    public void close() {
        mapping.close();
    }
}
