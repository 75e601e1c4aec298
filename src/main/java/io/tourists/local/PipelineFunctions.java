package io.tourists.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.tourists.api.ApiFunction;
import io.tourists.api.WriteRequests;
import io.tourists.config.Env;
import io.tourists.consumer.ConsumerFunction;
import io.tourists.consumer.WriteBatchConsumer;
import io.tourists.db.Databases;
import io.tourists.db.DbSettings;
import io.tourists.db.TouristStore;
import io.tourists.local.lambda.ExecutionEnvironments;
import io.tourists.local.sqs.SqsClientFactory;
import io.tourists.queue.SqsWriteQueue;
import io.tourists.read.ReadFunction;
import java.time.Clock;
import java.util.Map;

/**
 * Initialises one execution environment of each function, as its no-arg constructor does on Lambda, but from
 * the environment the template gives it (resolved locally) and with SQS clients for the local endpoint, since
 * the functions run in this JVM and cannot each have their own process environment.
 */
public final class PipelineFunctions {

    private final SqsClientFactory sqs;
    private final Clock clock;

    public PipelineFunctions(SqsClientFactory sqs, Clock clock) {
        this.sqs = sqs;
        this.clock = clock;
    }

    /** The write API: validates and enqueues; needs WRITE_QUEUE_URL. */
    public ExecutionEnvironments.Environment<RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>> api(
            Map<String, String> environment) {
        var client = sqs.client(ApiFunction.QUEUE_CALL_TIMEOUT);
        var queue = new SqsWriteQueue(client, Env.required(environment, "WRITE_QUEUE_URL"));
        var function = new ApiFunction(WriteRequests.sendingTo(queue, clock));
        return new ExecutionEnvironments.Environment<>(function, client::close);
    }

    /** GET /tourists/{id}: reads PostgreSQL through its own pool (DB_URL, DB_USER, DB_PASSWORD, DB_POOL_SIZE). */
    public ExecutionEnvironments.Environment<RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>> read(
            Map<String, String> environment) {
        var pool = Databases.pool(DbSettings.fromEnvironment(environment), "tourists-read");
        return new ExecutionEnvironments.Environment<>(new ReadFunction(new TouristStore(pool)), pool::close);
    }

    /** The consumer: its own pool and SQS client (DEAD_LETTER_QUEUE_URL), as one Lambda environment has. */
    public ExecutionEnvironments.Environment<RequestHandler<SQSEvent, SQSBatchResponse>> consumer(
            Map<String, String> environment) {
        var pool = Databases.pool(DbSettings.fromEnvironment(environment), "tourists-consumer");
        var client = sqs.client(ConsumerFunction.QUEUE_CALL_TIMEOUT);
        var function = new ConsumerFunction(
                WriteBatchConsumer.of(pool, client, Env.required(environment, "DEAD_LETTER_QUEUE_URL"), clock));
        return new ExecutionEnvironments.Environment<>(function, () -> {
            pool.close();
            client.close();
        });
    }
}
