package io.tourists.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.tourists.db.DbSettings;
import io.tourists.http.Route;
import io.tourists.local.http.HttpApiGateway;
import io.tourists.local.http.HttpApiPayloads;
import io.tourists.local.http.HttpApiRequest;
import io.tourists.local.http.HttpApiRoute;
import io.tourists.local.lambda.ExecutionEnvironments;
import io.tourists.local.lambda.LocalContext;
import io.tourists.local.net.Ports;
import io.tourists.local.sqs.BatchPoller;
import io.tourists.local.sqs.EventSourceMapping;
import io.tourists.local.sqs.QueueRef;
import io.tourists.local.template.FunctionDefinition;
import io.tourists.local.template.PipelineTemplate;
import io.tourists.local.template.SqsEventSource;
import io.tourists.local.template.TemplateValues;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import software.amazon.awssdk.regions.Region;

/**
 * The whole pipeline on one machine: SQS (embedded ElasticMQ or a given endpoint), PostgreSQL (embedded or
 * given, migrated), the HTTP API in front of the API and read functions, and the consumer's event source
 * mapping, all with the settings template.yaml deploys. {@link #close()} stops it without losing a message.
 */
public final class PipelineRuntime implements AutoCloseable {

    /** Lambda starts an SQS mapping without MaximumConcurrency with five concurrent batches. */
    static final int POLLERS_WITHOUT_MAXIMUM_CONCURRENCY = 5;
    private static final Duration DRAIN_CHECK = Duration.ofMillis(100);
    private static final Duration START_ABORT_WAIT = Duration.ofSeconds(60);

    private final PrintStream out;
    private final Parts parts;
    private final List<String> notes = new ArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch startFinished = new CountDownLatch(1);
    private volatile boolean startFailed;

    private StartedSqs sqs;
    private StartedDatabase database;
    private Parts.Part gatewayPart;
    private Parts.Part consumerPart;
    private HttpApiGateway gateway;
    private Optional<EventSourceMapping> consumer = Optional.empty();
    private QueueRef writeQueue;
    private PipelineStatus status;
    private Duration consumerTimeout;

    private PipelineRuntime(PrintStream out) {
        this.out = out;
        this.parts = new Parts(out);
    }

    /**
     * Starts everything and prints the banner and the READY line. On failure, stops what had started and
     * throws; the message says what to change.
     */
    public static PipelineRuntime start(RuntimeSettings settings, PrintStream out) {
        var runtime = new PipelineRuntime(out);
        runtime.start(settings);
        return runtime;
    }

    /** A runtime not started yet, so that a shutdown hook can be in place before anything starts. */
    public static PipelineRuntime unstarted(PrintStream out) {
        return new PipelineRuntime(out);
    }

    /**
     * Starts everything and prints the banner and the READY line. On failure, or if {@link #close()} comes
     * first, stops what had started and throws.
     */
    public void start(RuntimeSettings settings) {
        try {
            startAll(settings);
        } catch (RuntimeException e) {
            startFailed = true;
            parts.stopAll();
            throw e;
        } finally {
            startFinished.countDown();
        }
    }

    private void startAll(RuntimeSettings settings) {
        long startedNanos = System.nanoTime();
        var startedAt = Instant.now();
        functionLogLevel(settings.verbose());
        requireFreePorts(settings);
        var region = AwsAccess.region(settings.sqs());
        var template = PipelineTemplate.read(settings.template(), settings.parameterOverrides(),
                AwsAccess.pseudoParameters(settings.sqs()));
        var api = template.function(PipelineTemplate.API_FUNCTION);
        var read = template.function(PipelineTemplate.READ_FUNCTION);
        var consumerFunction = template.function(PipelineTemplate.CONSUMER_FUNCTION);
        var eventSource = template.sqsEventSource(PipelineTemplate.CONSUMER_FUNCTION);
        var deadLetterQueueId = template.queue(eventSource.queueLogicalId()).redrive()
                .map(redrive -> redrive.deadLetterQueueLogicalId());
        consumerTimeout = consumerFunction.timeout();

        // The two slow starts (a JVM-embedded SQS, a PostgreSQL process) run side by side.
        var starts = Executors.newVirtualThreadPerTaskExecutor();
        var sqsStart = CompletableFuture.supplyAsync(() -> StartedSqs.start(settings.sqs(), region, template,
                eventSource.queueLogicalId(), deadLetterQueueId, parts), starts);
        var databaseStart = CompletableFuture.supplyAsync(() -> StartedDatabase.start(settings.database(), parts), starts);
        // Both end, well or not, before a failure is reported: whatever started must be known to be stopped.
        CompletableFuture.allOf(sqsStart, databaseStart).exceptionally(failure -> null).join();
        starts.close();
        sqs = join(sqsStart);
        database = join(databaseStart);
        writeQueue = sqs.queues().get(eventSource.queueLogicalId());

        var values = template.values(resourceValues(sqs.queues()));
        var functions = new PipelineFunctions(sqs.clients(), Clock.systemUTC());
        var consumerEnvironment = environment(template, consumerFunction, values, region);
        var apiEnvironment = environment(template, api, values, region);
        var readEnvironment = environment(template, read, values, region);

        var concurrency = consumerConcurrency(eventSource, consumerFunction);
        var polling = consumerMapping(eventSource, consumerFunction, concurrency, region,
                () -> functions.consumer(consumerEnvironment));
        consumerPart = parts.add("the consumer's event source mapping", polling);
        if (eventSource.enabled()) {
            consumer = Optional.of(polling);
        } else {
            notes.add("the consumer's event source mapping has Enabled: false; nothing consumes the queue");
        }

        status = new PipelineStatus(out, sqs.client(), writeQueue, deadLetterQueueId.map(sqs.queues()::get),
                consumer, database.pool(), startedAt);
        parts.add("the status line", status);

        var httpFunctions = Map.of(
                Route.Function.WRITE_API, httpFunction(api, () -> functions.api(apiEnvironment)),
                Route.Function.READ, httpFunction(read, () -> functions.read(readEnvironment)));
        try {
            gateway = HttpApiGateway.start(settings.apiHost(), settings.apiPort(), httpFunctions,
                    new HttpApiPayloads.Api("local", AwsAccess.accountId(settings.sqs())),
                    new GatewayListener(settings.verbose()));
        } catch (IOException e) {
            throw new IllegalStateException("the API could not listen on " + settings.apiHost() + ":" + settings.apiPort()
                    + " (" + e.getMessage() + "); choose another with --api-port / LOCAL_API_PORT", e);
        }
        gatewayPart = parts.add("the HTTP API", gateway);
        consumer.ifPresent(EventSourceMapping::start);

        new StartupBanner(settings.template(), settings.parameterOverrides(), gateway.uri(), api, read,
                sqs.description(), sqs.queues().values(), notEmulated(template), database.description(),
                consumerFunction, eventSource, concurrency, poolSize(consumerEnvironment), poolSize(readEnvironment),
                settings.verbose(), notes).print(out);
        out.println(StartupBanner.readyLine(gateway.uri(), sqs.clients().endpoint(), database.jdbcUrl(),
                Duration.ofNanos(System.nanoTime() - startedNanos)));
        out.flush();
        status.printEvery(settings.statusInterval());
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

    /**
     * The function's environment from the template, with the connection settings that differ locally: the
     * database is this run's, whatever the template takes it from on AWS.
     */
    private Map<String, String> environment(PipelineTemplate template, FunctionDefinition function,
                                            TemplateValues values, Region region) {
        var resolved = template.environment(function.logicalId(), values);
        var environment = new LinkedHashMap<>(resolved.variables());
        environment.put("DB_URL", database.jdbcUrl());
        environment.put("DB_USER", database.user());
        environment.put("DB_PASSWORD", database.password());
        environment.put("AWS_REGION", region.id());
        resolved.unresolved().stream()
                .filter(name -> !environment.containsKey(name))
                .forEach(name -> notes.add(function.logicalId() + " environment variable " + name
                        + " refers to something that is not local; left unset"));
        return Map.copyOf(environment);
    }

    private static int poolSize(Map<String, String> environment) {
        return Integer.parseInt(environment.getOrDefault("DB_POOL_SIZE", Integer.toString(DbSettings.DEFAULT_POOL_SIZE)));
    }

    /** What the template sets on its queues that a local queue does not do, e.g. "WriteQueue.KmsMasterKeyId". */
    private static List<String> notEmulated(PipelineTemplate template) {
        return template.queueLogicalIds().stream()
                .flatMap(id -> template.queue(id).notEmulated().stream().map(property -> id + "." + property))
                .toList();
    }

    private int consumerConcurrency(SqsEventSource eventSource, FunctionDefinition consumerFunction) {
        var reserved = consumerFunction.reservedConcurrency();
        int concurrency;
        if (eventSource.maximumConcurrency().isPresent()) {
            concurrency = eventSource.maximumConcurrency().getAsInt();
        } else {
            concurrency = reserved.orElse(POLLERS_WITHOUT_MAXIMUM_CONCURRENCY);
            notes.add("the consumer's SQS event sets no ScalingConfig.MaximumConcurrency: on AWS its pollers would"
                    + " scale up far beyond " + concurrency + " and be throttled; locally " + concurrency + " pollers run");
        }
        if (reserved.isPresent() && reserved.getAsInt() < concurrency) {
            notes.add("ReservedConcurrentExecutions " + reserved.getAsInt() + " is below MaximumConcurrency "
                    + concurrency + ": on AWS the extra invocations are throttled; locally "
                    + reserved.getAsInt() + " run at once");
            concurrency = reserved.getAsInt();
        }
        return concurrency;
    }

    private EventSourceMapping consumerMapping(SqsEventSource eventSource, FunctionDefinition function,
            int concurrency, Region region,
            Supplier<ExecutionEnvironments.Environment<RequestHandler<SQSEvent, SQSBatchResponse>>> coldStart) {
        var mapping = new BatchPoller(sqs.client(), writeQueue.url(), writeQueue.arn(), region.id(),
                new BatchPoller.Settings(eventSource.batchSize(), eventSource.batchingWindow(),
                        function.timeout(), eventSource.reportBatchItemFailures()),
                () -> new LocalContext(function.functionName(), function.memoryMb(), function.timeout()));
        var environments = new ExecutionEnvironments<>(function.functionName(), OptionalInt.of(concurrency), coldStart);
        return new EventSourceMapping(mapping, concurrency, environments, this::notice);
    }

    private HttpApiGateway.HttpFunction httpFunction(FunctionDefinition definition,
            Supplier<ExecutionEnvironments.Environment<RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>>> coldStart) {
        var environments = new ExecutionEnvironments<>(definition.functionName(), definition.reservedConcurrency(), coldStart);
        parts.add(definition.logicalId() + "'s environments", environments);
        return new HttpApiGateway.HttpFunction(definition, environments);
    }

    private final class GatewayListener implements HttpApiGateway.Listener {
        private final boolean verbose;

        GatewayListener(boolean verbose) {
            this.verbose = verbose;
        }

        @Override
        public void answered(HttpApiRequest request, HttpApiRoute route, String functionName, int statusCode,
                             Duration took) {
            if (route.function() == Route.Function.WRITE_API && statusCode == 202) {
                status.accepted();
            }
            if (verbose) {
                out.println(request.method() + " " + request.rawPath() + " -> " + functionName + " " + statusCode
                        + " (" + took.toMillis() + " ms)");
            }
        }

        @Override
        public void notice(String line) {
            PipelineRuntime.this.notice(line);
        }
    }

    private void notice(String line) {
        out.println("note: " + line);
    }

    /**
     * Stops without losing a message: no new requests; with the embedded queue (which lives in memory) the
     * consumer first empties it, for up to its Timeout; in-flight invocations finish, and whatever was received
     * but not settled goes back to the queue; then the services stop.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        var duringStart = startFinished.getCount() > 0;
        parts.refuseNew();
        awaitStartFinished();
        if (startFailed) {
            // The start stopped what it had started; say so only if it was this that cut it short.
            if (duringStart) {
                out.println("STOPPED while starting");
            }
            return;
        }
        try {
            out.println("stopping: the API takes no more requests; in-flight batches finish or return to the queue");
            gatewayPart.stop(out);
            if (sqs.embedded() && consumer.isPresent()) {
                drainEmbeddedQueue();
            }
            consumerPart.stop(out);
            status.printIfChanged();
            reportWhatTheEmbeddedQueueLoses();
        } finally {
            // Whatever went wrong above, PostgreSQL must not outlive the JVM: nothing else would stop it.
            parts.stopAll();
            out.println("STOPPED");
            out.flush();
        }
    }

    /** A start under way ends soon (what it starts is stopped at once); its parts must be known before stopping. */
    private void awaitStartFinished() {
        try {
            if (!startFinished.await(START_ABORT_WAIT.toSeconds(), TimeUnit.SECONDS)) {
                out.println("note: the start did not end within " + START_ABORT_WAIT.toSeconds() + " s; stopping what is known");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void drainEmbeddedQueue() {
        long deadline = System.nanoTime() + consumerTimeout.toNanos();
        while (System.nanoTime() < deadline) {
            var depth = status.depth(writeQueue);
            var inFlight = consumer.map(mapping -> mapping.stats().inFlightInvocations()).orElse(0);
            if (depth.isEmpty() || (depth.get().visible() == 0 && inFlight == 0)) {
                return;
            }
            try {
                Thread.sleep(DRAIN_CHECK);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void reportWhatTheEmbeddedQueueLoses() {
        if (!sqs.embedded()) {
            return;
        }
        long left = sqs.queues().values().stream()
                .map(queue -> status.depth(queue).map(depth -> depth.visible() + depth.invisible()).orElse(0L))
                .mapToLong(Long::longValue).sum();
        if (left > 0) {
            out.println("note: " + left + " messages were still in the embedded queues (waiting to be retried, or"
                    + " dead letters) and go with them; run against a persistent SQS (--sqs-endpoint) to keep them");
        }
    }

    public URI apiUri() {
        return gateway.uri();
    }

    public String jdbcUrl() {
        return database.jdbcUrl();
    }

    public QueueRef writeQueue() {
        return writeQueue;
    }

    /** The queues the runtime uses, by logical id: what it created, or what it was given. */
    public Map<String, QueueRef> queues() {
        return sqs.queues();
    }

    /** The consumer's running event source mapping; empty when the template disables it. */
    public Optional<EventSourceMapping> consumer() {
        return consumer;
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
        if (settings.sqs() instanceof RuntimeSettings.Sqs.Embedded embedded) {
            Ports.requireFree(embedded.port(), "SQS", "--sqs-port / LOCAL_SQS_PORT");
        }
        if (settings.database() instanceof RuntimeSettings.Database.Embedded embedded) {
            Ports.requireFree(embedded.port(), "PostgreSQL", "--db-port / LOCAL_DB_PORT");
        }
    }
}
