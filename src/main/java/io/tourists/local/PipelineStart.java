package io.tourists.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.tourists.http.Route;
import io.tourists.local.dashboard.ApiLatencies;
import io.tourists.local.dashboard.FunctionCounts;
import io.tourists.local.db.EmbeddedDatabase;
import io.tourists.local.http.HttpApiGateway;
import io.tourists.local.http.HttpApiPayloads;
import io.tourists.local.lambda.ExecutionEnvironments;
import io.tourists.local.lambda.LocalContext;
import io.tourists.local.net.Ports;
import io.tourists.local.sqs.BatchPoller;
import io.tourists.local.sqs.EventSourceMapping;
import io.tourists.local.sqs.QueueRef;
import io.tourists.local.template.FunctionDefinition;
import io.tourists.local.template.PipelineTemplate;
import io.tourists.local.template.SqsEventSource;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * Starts the pipeline's parts in order, each registered with {@link Parts} as soon as it runs: SQS and
 * PostgreSQL side by side, then the consumer's mapping, the status line, the dashboard (when asked for), the HTTP
 * API, and last the pollers;
 * then prints the banner and the READY line.
 */
final class PipelineStart {

    /**
     * The most environments of a function without reserved concurrency. Lambda would start up to the account's
     * concurrency (1,000 by default); in one JVM each cold start builds its own SQS client and pool, and past a
     * few dozen more environments only add cold starts and SQS connections, not throughput. A request that finds
     * all of them busy waits for one (see HttpApiGateway).
     */
    static final int UNRESERVED_ENVIRONMENTS = 64;
    /** What the HTTP API's id is here: in its events, and in the execute-api ARNs IAM policies name. */
    static final String API_ID = "local";

    private PipelineStart() {
    }

    static RunningPipeline start(RuntimeSettings settings, Parts parts, PrintStream out) {
        long startedNanos = System.nanoTime();
        var startedAt = Instant.now();
        functionLogLevel(settings.verbose());
        var notes = new ArrayList<String>();
        // A run killed with --data-dir leaves its PostgreSQL running on the directory and the port.
        if (settings.database() instanceof RuntimeSettings.Database.Embedded embedded
                && embedded.dataDirectory().isPresent()) {
            EmbeddedDatabase.stopLeftoverServer(embedded.dataDirectory().get()).ifPresent(pid -> notes.add(
                    "stopped PostgreSQL (pid " + pid + ") that a previous run left running on "
                            + embedded.dataDirectory().get() + "; its data is kept"));
        }
        requireFreePorts(settings);
        var region = AwsAccess.region(settings.sqs());
        var parameters = ApiAuthorization.parameters(settings.authorizer(), settings.parameterOverrides());
        var template = PipelineTemplate.read(settings.template(), parameters, AwsAccess.pseudoParameters(settings.sqs()));
        var authorization = ApiAuthorization.of(settings.authorizer(), template, API_ID, region.id(),
                AwsAccess.accountId(settings.sqs()));
        var api = template.function(PipelineTemplate.API_FUNCTION);
        var read = template.function(PipelineTemplate.READ_FUNCTION);
        var consumerFunction = template.function(PipelineTemplate.CONSUMER_FUNCTION);
        var eventSource = template.sqsEventSource(PipelineTemplate.CONSUMER_FUNCTION);
        var deadLetterQueueId = template.queue(eventSource.queueLogicalId()).redrive()
                .map(redrive -> redrive.deadLetterQueueLogicalId());

        // The two slow starts (a JVM-embedded SQS, a PostgreSQL process) run side by side.
        var starts = Executors.newVirtualThreadPerTaskExecutor();
        var sqsStart = CompletableFuture.supplyAsync(() -> StartedSqs.start(settings.sqs(), region, template,
                eventSource.queueLogicalId(), deadLetterQueueId, parts), starts);
        var databaseStart = CompletableFuture.supplyAsync(() -> StartedDatabase.start(settings.database(), parts), starts);
        // Both end, well or not, before a failure is reported: whatever started must be known to be stopped.
        CompletableFuture.allOf(sqsStart, databaseStart).exceptionally(failure -> null).join();
        starts.close();
        var sqs = join(sqsStart);
        var database = join(databaseStart);
        var writeQueue = sqs.queues().get(eventSource.queueLogicalId());

        var functionSettings = new FunctionSettings(template, template.values(resourceValues(sqs.queues())), database,
                region, notes);
        var counts = new FunctionCounts();
        var latencies = new ApiLatencies();
        var functions = new PipelineFunctions(sqs.clients(), Clock.systemUTC(), counts);
        var consumerEnvironment = functionSettings.environment(consumerFunction);
        var apiEnvironment = functionSettings.environment(api);
        var readEnvironment = functionSettings.environment(read);

        var concurrency = functionSettings.consumerConcurrency(eventSource, consumerFunction);
        var mapping = consumerMapping(sqs, writeQueue, eventSource, consumerFunction, concurrency, region.id(),
                () -> functions.consumer(consumerEnvironment), out);
        var consumerPart = parts.add("the consumer's event source mapping", mapping);
        Optional<EventSourceMapping> consumer = Optional.empty();
        if (eventSource.enabled()) {
            consumer = Optional.of(mapping);
        } else {
            notes.add("the consumer's event source mapping has Enabled: false; nothing consumes the queue");
        }
        template.functionsNotRun().forEach(logicalId -> notes.add(logicalId + " is not run here (on AWS it runs"
                + " on its own events)" + switch (logicalId) {
                    case "MigrationFunction" -> "; this runtime migrates its database when it starts";
                    default -> "";
                }));
        parts.add("the schedules and the import bucket",
                LocalTriggers.start(template, functionSettings, functions, region.id(), out, notes));

        var deadLetterQueue = deadLetterQueueId.map(sqs.queues()::get);
        var status = new PipelineStatus(out, sqs.client(), writeQueue, deadLetterQueue, consumer, database.pool(),
                startedAt);
        parts.add("the status line", status);
        var consumerPool = FunctionSettings.poolSize(consumerEnvironment);
        var readPool = FunctionSettings.poolSize(readEnvironment);
        var budget = StartupBanner.connectionBudget(concurrency, consumerPool, read, readPool);
        var dashboardSettings = new LocalDashboard.Settings(writeQueue, deadLetterQueue, consumerFunction, eventSource,
                concurrency, consumerEnvironment, budget);
        Optional<URI> dashboard = Optional.empty();
        if (settings.dashboardPort().isPresent()) {
            var started = LocalDashboard.start(settings.dashboardPort().getAsInt(), sqs.client(), consumer,
                    database.pool(), counts, latencies, dashboardSettings);
            parts.add("the dashboard", started);
            dashboard = Optional.of(started.uri());
        }

        var httpFunctions = Map.of(
                Route.Function.WRITE_API, httpFunction(api, () -> functions.api(apiEnvironment), parts),
                Route.Function.READ, httpFunction(read, () -> functions.read(readEnvironment), parts));
        HttpApiGateway gateway;
        try {
            gateway = HttpApiGateway.start(settings.apiHost(), settings.apiPort(), authorization.routing(httpFunctions),
                    new HttpApiPayloads.Api(API_ID, AwsAccess.accountId(settings.sqs())),
                    new ApiRequestLog(out, status, latencies, settings.verbose()));
        } catch (IOException e) {
            throw new IllegalStateException("the API could not listen on " + settings.apiHost() + ":" + settings.apiPort()
                    + " (" + e.getMessage() + "); choose another with --api-port / LOCAL_API_PORT", e);
        }
        var gatewayPart = parts.add("the HTTP API", gateway);
        consumer.ifPresent(EventSourceMapping::start);

        new StartupBanner(settings.template(), parameters, gateway.uri(), authorization.routes(), authorization.describe(Instant.now()),
                read,
                sqs.description(), sqs.queues().values(), notEmulated(template), database.description(),
                consumerFunction, eventSource, concurrency, consumerPool, readPool, settings.verbose(), dashboard,
                notes).print(out);
        out.println(StartupBanner.readyLine(gateway.uri(), sqs.clients().endpoint(), database.jdbcUrl(),
                Duration.ofNanos(System.nanoTime() - startedNanos)));
        out.flush();
        status.printEvery(settings.statusInterval());
        return new RunningPipeline(out, sqs, database, writeQueue, gateway, gatewayPart, consumer, consumerPart, status,
                consumerFunction.timeout(), authorization.jwtIssuer(), dashboard);
    }

    /** What Ref and GetAtt to a queue resolve to: the queue as it exists. */
    private static Map<String, String> resourceValues(Map<String, QueueRef> queues) {
        var values = new LinkedHashMap<String, String>();
        queues.forEach((logicalId, queue) -> {
            values.put(logicalId, queue.url());
            values.put(logicalId + ".Arn", queue.arn());
            values.put(logicalId + ".QueueName", queue.name());
            values.put(logicalId + ".QueueUrl", queue.url());
        });
        return values;
    }

    /** What the template sets on its queues that a local queue does not do, e.g. "WriteQueue.KmsMasterKeyId". */
    private static List<String> notEmulated(PipelineTemplate template) {
        return template.queueLogicalIds().stream()
                .flatMap(id -> template.queue(id).notEmulated().stream().map(property -> id + "." + property))
                .toList();
    }

    private static EventSourceMapping consumerMapping(StartedSqs sqs, QueueRef writeQueue, SqsEventSource eventSource,
            FunctionDefinition function, int concurrency, String region,
            Supplier<ExecutionEnvironments.Environment<RequestHandler<SQSEvent, SQSBatchResponse>>> coldStart,
            PrintStream out) {
        var poller = new BatchPoller(sqs.client(), writeQueue.url(), writeQueue.arn(), region,
                new BatchPoller.Settings(eventSource.batchSize(), eventSource.batchingWindow(),
                        function.timeout(), eventSource.reportBatchItemFailures()),
                () -> new LocalContext(function.functionName(), function.memoryMb(), function.timeout()));
        var environments = new ExecutionEnvironments<>(function.functionName(), OptionalInt.of(concurrency), coldStart);
        return new EventSourceMapping(poller, concurrency, environments, line -> out.println("note: " + line));
    }

    private static HttpApiGateway.HttpFunction httpFunction(FunctionDefinition definition,
            Supplier<ExecutionEnvironments.Environment<RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>>> coldStart,
            Parts parts) {
        var limit = definition.reservedConcurrency().isPresent() ? definition.reservedConcurrency()
                : OptionalInt.of(UNRESERVED_ENVIRONMENTS);
        var environments = new ExecutionEnvironments<>(definition.functionName(), limit, coldStart);
        parts.add(definition.logicalId() + "'s environments", environments);
        return new HttpApiGateway.HttpFunction(definition, environments);
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
    }

    /**
     * The functions log Powertools JSON to stdout. WARN keeps the terminal for the banner and the status line;
     * --verbose shows every INFO line, and POWERTOOLS_LOG_LEVEL, when set, is left to Powertools.
     */
    private static void functionLogLevel(boolean verbose) {
        if (verbose) {
            Configurator.setLevel("io.tourists", Level.INFO);
        } else if (System.getenv("POWERTOOLS_LOG_LEVEL") == null) {
            Configurator.setLevel("io.tourists", Level.WARN);
        }
    }

    private static void requireFreePorts(RuntimeSettings settings) {
        Ports.requireFree(settings.apiPort(), "API", "--api-port / LOCAL_API_PORT");
        settings.dashboardPort().ifPresent(port ->
                Ports.requireFree(port, "dashboard", "--dashboard-port / LOCAL_DASHBOARD_PORT (or off)"));
        if (settings.sqs() instanceof RuntimeSettings.Sqs.Embedded embedded) {
            Ports.requireFree(embedded.port(), "SQS", "--sqs-port / LOCAL_SQS_PORT");
        }
        if (settings.database() instanceof RuntimeSettings.Database.Embedded embedded) {
            Ports.requireFree(embedded.port(), "PostgreSQL", "--db-port / LOCAL_DB_PORT");
        }
    }
}
