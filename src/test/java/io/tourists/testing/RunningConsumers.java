package io.tourists.testing;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.tourists.consumer.ConsumerFunction;
import io.tourists.lambda.FunctionSetup;
import io.tourists.local.sqs.EmbeddedSqs;
import io.tourists.local.sqs.BatchPoller;
import io.tourists.local.lambda.LocalContext;
import io.tourists.local.lambda.ExecutionEnvironments;
import io.tourists.local.sqs.EventSourceMapping;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The consumer running as on Lambda, with the local runtime's event source mapping: MaximumConcurrency pollers
 * receive batches from a test's queue and invoke ConsumerFunctions, each execution environment built by the
 * function's one constructor from its environment, with a pool of its own, opened lazily as a function's is.
 */
public final class RunningConsumers implements AutoCloseable {

    private final EventSourceMapping mapping;
    private final List<String> notices;

    private RunningConsumers(EventSourceMapping mapping, List<String> notices) {
        this.mapping = mapping;
        this.notices = notices;
    }

    /**
     * @param environment the function's variables but the queues' ({@code WRITE_QUEUE_URL} and
     *                    {@code DEAD_LETTER_QUEUE_URL} are {@code queues}'): the database's, BACKOFF_*, ...
     */
    public static RunningConsumers start(String name, TestQueues queues, Map<String, String> environment,
                                         int maximumConcurrency, BatchPoller.Settings settings) {
        var env = new HashMap<>(environment);
        env.put("WRITE_QUEUE_URL", queues.url());
        env.put("DEAD_LETTER_QUEUE_URL", queues.deadLetterUrl());
        var environments = new ExecutionEnvironments<RequestHandler<SQSEvent, SQSBatchResponse>>(name,
                OptionalInt.of(maximumConcurrency), () -> {
                    var function = new ConsumerFunction(FunctionSetup.of(Map.copyOf(env), Infrastructure.awsClients()));
                    return new ExecutionEnvironments.Environment<>(function, function::close);
                });
        var eventSourceMapping = new BatchPoller(Infrastructure.sqs(), queues.url(), queues.arn(),
                EmbeddedSqs.REGION, settings, () -> new LocalContext(name, 1024, settings.functionTimeout()));
        var notices = new CopyOnWriteArrayList<String>();
        var mapping = new EventSourceMapping(eventSourceMapping, maximumConcurrency, environments, notices::add);
        mapping.start();
        return new RunningConsumers(mapping, notices);
    }

    public EventSourceMapping.Stats stats() {
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
