package io.tourists.testing;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.tourists.api.ApiFunction;
import io.tourists.consumer.ConsumerFunction;
import io.tourists.consumer.WriteBatchConsumer;
import io.tourists.domain.WriteRetention;
import io.tourists.json.Json;
import io.tourists.lambda.FunctionSetup;
import io.tourists.lambda.InvocationMetrics;
import io.tourists.local.sqs.BatchPoller;
import io.tourists.local.lambda.LocalContext;
import io.tourists.queue.SqsWriteQueue;
import io.tourists.read.ReadFunction;
import io.tourists.read.ReadRequests;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The three functions wired as in Lambda, against the test ElasticMQ and PostgreSQL, plus the event
 * source mapping that feeds the consumer.
 */
public final class Pipeline {

    public final TestQueues queues;
    public final ApiFunction api;
    public final ReadFunction read;
    private final BatchPoller mapping;

    public Pipeline(TestQueues queues, DataSource consumerDataSource, BatchPoller.Settings settings) {
        this(queues, consumerDataSource, settings, queues.deadLetterUrl());
    }

    public Pipeline(TestQueues queues, DataSource consumerDataSource, BatchPoller.Settings settings,
                    String deadLetterQueueUrl) {
        var clock = Clock.systemUTC();
        this.queues = queues;
        this.api = new ApiFunction(FunctionSetup.of(Map.of("WRITE_QUEUE_URL", queues.url(), "ID_KEY", TestIdKey.VALUE),
                Infrastructure.awsClients()));
        // As on AWS, the read function logs in as tourists_reader, which may only select.
        this.read = new ReadFunction(ReadRequests.of(Infrastructure.readerDataSource(),
                WriteRetention.ofDays(WriteRetention.DEFAULT_DAYS), clock));
        var consumer = WriteBatchConsumer.of(consumerDataSource, Infrastructure.sqs(),
                new WriteBatchConsumer.Queues(queues.url(), deadLetterQueueUrl), clock);
        this.mapping = new BatchPoller(Infrastructure.sqs(), queues.url(), queues.arn(), "us-east-1", settings,
                new ConsumerFunction(consumer, InvocationMetrics.off()), Pipeline::context);
    }

    public static BatchPoller.Settings batchesOf(int size) {
        return new BatchPoller.Settings(size, Duration.ofSeconds(size > 10 ? 1 : 0), Duration.ofSeconds(30));
    }

    public static Context context() {
        return new LocalContext("tests", 1024, Duration.ofSeconds(30));
    }

    public APIGatewayV2HTTPResponse call(APIGatewayV2HTTPEvent request) {
        return OpenApiContract.check(request.getRequestContext().getHttp().getMethod(), request.getRawPath(),
                api.handleRequest(request, context()));
    }

    /** A GET to the read function; {@code target} may carry a query string. */
    public APIGatewayV2HTTPResponse get(String target) {
        return get(target, Map.of());
    }

    public APIGatewayV2HTTPResponse get(String target, Map<String, String> headers) {
        var request = HttpApiRequests.request("GET", target, headers, null);
        return OpenApiContract.check("GET", request.getRawPath(), read.handleRequest(request, context()));
    }

    public BatchPoller.Invocation pollOnce() {
        return mapping.pollOnce(Duration.ofSeconds(1));
    }

    /** Polls until a poll finds nothing; returns every invocation. */
    public List<BatchPoller.Invocation> drain() {
        var invocations = new ArrayList<BatchPoller.Invocation>();
        for (int i = 0; i < 1_000; i++) {
            var invocation = pollOnce();
            if (invocation.received() == 0) {
                return invocations;
            }
            invocations.add(invocation);
        }
        throw new IllegalStateException("the queue did not drain in 1000 polls");
    }

    /** Sends a raw body, as another publisher would; returns its message id. */
    public String send(String body) {
        return Infrastructure.sqs().sendMessage(r -> r.queueUrl(queues.url()).messageBody(body)).messageId();
    }

    public static JsonNode body(APIGatewayV2HTTPResponse response) {
        try {
            return Json.readTree(response.getBody());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
