package io.tourists.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.tourists.db.Databases;
import io.tourists.db.DbSettings;
import io.tourists.db.Migrations;
import io.tourists.http.Route;
import io.tourists.local.http.HttpApiGateway;
import io.tourists.local.http.HttpApiPayloads;
import io.tourists.local.lambda.ExecutionEnvironments;
import io.tourists.local.lambda.PipelineFunctions;
import io.tourists.local.sqs.LocalQueues;
import io.tourists.local.sqs.PollingEventSourceMapping;
import io.tourists.local.sqs.QueueRef;
import io.tourists.local.sqs.SqsConnection;
import io.tourists.local.template.FunctionDefinition;
import io.tourists.local.template.PipelineTemplate;
import io.tourists.local.template.SqsEventSource;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The whole pipeline on one machine: SQS (embedded ElasticMQ or a given endpoint), PostgreSQL (embedded or
 * given, migrated), the HTTP API in front of the API and read functions, and the consumer's event source
 * mapping, all with the settings template.yaml deploys. {@link #close()} stops it without losing a message.
 */
public final class PipelineRuntime implements AutoCloseable {

    /** What {@code AWS::StackName} resolves to locally. */
    public static final String STACK_NAME = "local";
    static final String DATABASE_NAME = "tourists";
    /** Lambda starts an SQS mapping without MaximumConcurrency with five concurrent batches. */
    static final int POLLERS_WITHOUT_MAXIMUM_CONCURRENCY = 5;
    private static final Duration RUNTIME_SQS_CALL_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration DRAIN_CHECK = Duration.ofMillis(100);
    private static final Duration START_ABORT_WAIT = Duration.ofSeconds(60);
    private static final Pattern AWS_QUEUE_URL = Pattern.compile("https://sqs\\.([a-z0-9-]+)\\.amazonaws\\.com(\\.cn)?/(\\d{12})/.+");

    private final PrintStream out;
    private final Deque<Part> parts = new ArrayDeque<>();
    private final List<String> notes = new ArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch startFinished = new CountDownLatch(1);
    private volatile boolean startFailed;

    private SqsSide sqs;
    private DatabaseSide database;
    private Part gatewayPart;
    private Part consumerPart;
    private HttpApiGateway gateway;
    private Optional<PollingEventSourceMapping> consumer = Optional.empty();
    private QueueRef writeQueue;
    private PipelineStatus status;
    private Duration consumerTimeout;

    private PipelineRuntime(PrintStream out) {
        this.out = out;
    }

    /** Something started that must be stopped, once, in the reverse order of starting. */
    private record Part(String name, AutoCloseable closeable, AtomicBoolean done) {
        void close(PrintStream out) {
            if (done.compareAndSet(false, true)) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    out.println("could not stop " + name + ": " + e);
                }
            }
        }
    }

    private record SqsSide(SqsConnection connection, SqsClient client, Map<String, QueueRef> queues,
                           boolean embedded, String description) {}

    private record DatabaseSide(String jdbcUrl, String user, String password, DataSource pool, String description) {}

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
            stopParts();
            throw e;
        } finally {
            startFinished.countDown();
        }
    }

    private void startAll(RuntimeSettings settings) {
        long startedNanos = System.nanoTime();
        var startedAt = Instant.now();
        functionLogLevel(settings.verbose());
        requireFreePort(settings.apiPort(), "API", "--api-port / LOCAL_API_PORT");
        if (settings.sqs() instanceof RuntimeSettings.Sqs.Embedded embedded) {
            requireFreePort(embedded.port(), "SQS", "--sqs-port / LOCAL_SQS_PORT");
        }
        if (settings.database() instanceof RuntimeSettings.Database.Embedded embedded) {
            requireFreePort(embedded.port(), "PostgreSQL", "--db-port / LOCAL_DB_PORT");
        }
        var region = region(settings.sqs());
        var template = PipelineTemplate.read(settings.template(), settings.parameterOverrides(), Map.of(
                "AWS::Region", region.id(),
                "AWS::AccountId", accountId(settings.sqs()),
                "AWS::StackName", STACK_NAME,
                "AWS::Partition", "aws",
                "AWS::URLSuffix", "amazonaws.com"));
        var api = template.function(PipelineTemplate.API_FUNCTION);
        var read = template.function(PipelineTemplate.READ_FUNCTION);
        var consumerFunction = template.function(PipelineTemplate.CONSUMER_FUNCTION);
        var eventSource = template.sqsEventSource(PipelineTemplate.CONSUMER_FUNCTION);
        var writeQueueDefinition = template.queue(eventSource.queueLogicalId());
        var deadLetterQueueId = writeQueueDefinition.redrive().map(redrive -> redrive.deadLetterQueueLogicalId());
        consumerTimeout = consumerFunction.timeout();

        // The two slow starts (a JVM-embedded SQS, a PostgreSQL process) run side by side.
        var starts = Executors.newVirtualThreadPerTaskExecutor();
        var sqsStart = CompletableFuture.supplyAsync(
                () -> startSqs(settings.sqs(), region, template, eventSource.queueLogicalId(), deadLetterQueueId), starts);
        var databaseStart = CompletableFuture.supplyAsync(() -> startDatabase(settings.database()), starts);
        // Both end, well or not, before a failure is reported: whatever started must be known to be stopped.
        CompletableFuture.allOf(sqsStart, databaseStart).exceptionally(failure -> null).join();
        starts.close();
        sqs = join(sqsStart);
        database = join(databaseStart);

        var resources = new LinkedHashMap<String, String>();
        sqs.queues().forEach((logicalId, queue) -> {
            resources.put(logicalId, queue.url());
            resources.put(logicalId + ".Arn", queue.arn());
            resources.put(logicalId + ".QueueName", queue.name());
            resources.put(logicalId + ".QueueUrl", queue.url());
        });
        var values = template.values(resources);
        var functions = new PipelineFunctions(sqs.connection(), Clock.systemUTC());

        var consumerEnvironment = environment(template, consumerFunction, values, region);
        writeQueue = sqs.queues().get(eventSource.queueLogicalId());
        var concurrency = consumerConcurrency(eventSource, consumerFunction);
        var mapping = new EventSourceMapping(sqs.client(), writeQueue.url(), writeQueue.arn(), region.id(),
                new EventSourceMapping.Settings(eventSource.batchSize(), eventSource.batchingWindow(),
                        consumerFunction.timeout(), eventSource.reportBatchItemFailures()),
                () -> new LocalContext(consumerFunction.functionName(), consumerFunction.memoryMb(), consumerFunction.timeout()));
        var consumerEnvironments = new ExecutionEnvironments<>(consumerFunction.functionName(), OptionalInt.of(concurrency),
                () -> functions.consumer(consumerEnvironment));
        var polling = new PollingEventSourceMapping(mapping, concurrency, consumerEnvironments, this::notice);
        consumerPart = register("the consumer's event source mapping", polling);
        if (eventSource.enabled()) {
            consumer = Optional.of(polling);
        } else {
            notes.add("the consumer's event source mapping has Enabled: false; nothing consumes the queue");
        }

        status = new PipelineStatus(out, sqs.client(), writeQueue, deadLetterQueueId.map(sqs.queues()::get),
                consumer, database.pool(), startedAt);
        register("the status line", status);

        var apiEnvironment = environment(template, api, values, region);
        var readEnvironment = environment(template, read, values, region);
        var httpFunctions = Map.of(
                Route.Function.WRITE_API, httpFunction(api, () -> functions.api(apiEnvironment)),
                Route.Function.READ, httpFunction(read, () -> functions.read(readEnvironment)));
        try {
            gateway = HttpApiGateway.start(settings.apiHost(), settings.apiPort(), httpFunctions,
                    new HttpApiPayloads.Api("local", accountId(settings.sqs())), new GatewayListener(settings.verbose()));
        } catch (IOException e) {
            throw new IllegalStateException("the API could not listen on " + settings.apiHost() + ":" + settings.apiPort()
                    + " (" + e.getMessage() + "); choose another with --api-port / LOCAL_API_PORT", e);
        }
        gatewayPart = register("the HTTP API", gateway);
        consumer.ifPresent(PollingEventSourceMapping::start);

        printBanner(settings, template, eventSource, notEmulated(template), concurrency, consumerFunction, read,
                consumerEnvironment, readEnvironment);
        var took = Duration.ofNanos(System.nanoTime() - startedNanos);
        out.println(readyLine(took));
        out.flush();
        status.printEvery(settings.statusInterval());
    }

    private SqsSide startSqs(RuntimeSettings.Sqs choice, Region region, PipelineTemplate template,
                             String writeQueueId, Optional<String> deadLetterQueueId) {
        SqsConnection connection;
        String description;
        switch (choice) {
            case RuntimeSettings.Sqs.Embedded embedded -> {
                // The runtime stops ElasticMQ itself, after the consumer has settled its last batch.
                System.setProperty("pekko.coordinated-shutdown.run-by-jvm-shutdown-hook", "off");
                var server = EmbeddedSqs.start(embedded.port());
                register("ElasticMQ", server);
                connection = new SqsConnection(Optional.of(server.endpoint()), region,
                        StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")));
                description = server.endpoint() + " (embedded ElasticMQ, region " + region.id() + ")";
            }
            case RuntimeSettings.Sqs.Endpoint endpoint -> {
                connection = new SqsConnection(Optional.of(endpoint.endpoint()), region, endpointCredentials());
                description = endpoint.endpoint() + " (region " + region.id() + ")";
            }
            case RuntimeSettings.Sqs.ExistingQueues existing -> {
                connection = new SqsConnection(existing.endpoint(), region, existing.endpoint().isPresent()
                        ? endpointCredentials() : DefaultCredentialsProvider.builder().build());
                description = connection.describe() + " (existing queues, used as they are)";
            }
        }
        var client = connection.client(RUNTIME_SQS_CALL_TIMEOUT);
        register("the runtime's SQS client", client);
        var queues = new LocalQueues(client);
        var refs = new LinkedHashMap<String, QueueRef>();
        try {
            if (choice instanceof RuntimeSettings.Sqs.ExistingQueues existing) {
                refs.put(writeQueueId, queues.existing(writeQueueId, existing.queueUrl()));
                deadLetterQueueId.ifPresent(id -> refs.put(id, queues.existing(id, existing.deadLetterQueueUrl())));
            } else {
                for (var logicalId : template.queueLogicalIds()) {
                    refs.putAll(queues.deploy(template, logicalId));
                }
            }
        } catch (SdkException e) {
            throw new IllegalStateException("SQS at " + description + " did not answer as expected: " + e.getMessage(), e);
        }
        return new SqsSide(connection, client, refs, choice instanceof RuntimeSettings.Sqs.Embedded, description);
    }

    private DatabaseSide startDatabase(RuntimeSettings.Database choice) {
        String url;
        String user;
        String password;
        String description;
        switch (choice) {
            case RuntimeSettings.Database.Embedded embedded -> {
                var postgres = EmbeddedDatabase.start(embedded.port(), DATABASE_NAME, embedded.dataDirectory(), false);
                register("PostgreSQL", postgres);
                url = postgres.jdbcUrl();
                user = postgres.user();
                password = postgres.password();
                description = url + " (embedded PostgreSQL, user " + user + ", password " + password
                        + embedded.dataDirectory().map(dir -> ", data in " + dir).orElse(", data discarded at exit") + ")";
            }
            case RuntimeSettings.Database.Existing existing -> {
                url = existing.jdbcUrl();
                user = existing.user();
                password = existing.password();
                description = url + " (user " + user + ")";
            }
        }
        // Flyway holds a lock on one connection while it migrates on another; that pool lives only for this.
        try (var migrations = Databases.pool(new DbSettings(url, user, password, 2, DbSettings.DEFAULT_CONNECTION_TIMEOUT),
                "tourists-local-migrations")) {
            Migrations.migrate(migrations);
        } catch (RuntimeException e) {
            throw new IllegalStateException("could not migrate " + url + ": " + rootMessage(e), e);
        }
        var pool = Databases.pool(new DbSettings(url, user, password, 1, DbSettings.DEFAULT_CONNECTION_TIMEOUT),
                "tourists-local-status");
        register("the status line's database pool", pool);
        return new DatabaseSide(url, user, password, pool, description + ", migrated");
    }

    /**
     * The function's environment from the template, with the connection settings that differ locally: the
     * database is this run's, whatever the template takes it from on AWS.
     */
    private Map<String, String> environment(PipelineTemplate template, FunctionDefinition function,
                                            io.tourists.local.template.TemplateValues values, Region region) {
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

    private HttpApiGateway.HttpFunction httpFunction(FunctionDefinition definition,
            Supplier<ExecutionEnvironments.Environment<RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>>> coldStart) {
        var environments = new ExecutionEnvironments<>(definition.functionName(), definition.reservedConcurrency(), coldStart);
        register(definition.logicalId() + "'s environments", environments);
        return new HttpApiGateway.HttpFunction(definition, environments);
    }

    private final class GatewayListener implements HttpApiGateway.Listener {
        private final boolean verbose;

        GatewayListener(boolean verbose) {
            this.verbose = verbose;
        }

        @Override
        public void answered(io.tourists.local.http.HttpApiRequest request, io.tourists.local.http.HttpApiRoute route,
                             String functionName, int statusCode, Duration took) {
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

    /** One stable line that users and tests wait for. */
    private String readyLine(Duration took) {
        return "READY api=" + gateway.uri() + " sqs=" + sqs.connection().endpoint().map(URI::toString).orElse("aws")
                + " db=" + database.jdbcUrl() + String.format(Locale.ROOT, " in %.1fs", took.toMillis() / 1000.0);
    }

    private void printBanner(RuntimeSettings settings, PipelineTemplate template, SqsEventSource eventSource,
                             List<String> notEmulated, int concurrency, FunctionDefinition consumerFunction,
                             FunctionDefinition read, Map<String, String> consumerEnvironment,
                             Map<String, String> readEnvironment) {
        out.println("tourist pipeline, local runtime; settings from " + settings.template()
                + (settings.parameterOverrides().isEmpty() ? "" : " with " + settings.parameterOverrides()));
        out.println("  API         " + gateway.uri() + "  (HTTP API, payload 2.0: " + "GET /tourists/{id} -> "
                + read.functionName() + ", $default -> " + template.function(PipelineTemplate.API_FUNCTION).functionName() + ")");
        out.println("  SQS         " + sqs.description());
        sqs.queues().values().forEach(queue -> out.println("    " + queue.name() + "  " + queue.url()
                + "  VisibilityTimeout=" + queue.attributes().getOrDefault("VisibilityTimeout", "?")
                + Optional.ofNullable(queue.attributes().get("RedrivePolicy")).map(policy -> "  RedrivePolicy=" + policy).orElse("")));
        if (!notEmulated.isEmpty()) {
            out.println("    not emulated (ignored): " + String.join(", ", notEmulated));
        }
        out.println("  PostgreSQL  " + database.description());
        out.println("  Consumer    " + consumerFunction.functionName() + ": BatchSize=" + eventSource.batchSize()
                + " MaximumBatchingWindowInSeconds=" + eventSource.batchingWindow().toSeconds()
                + " MaximumConcurrency=" + concurrency + " Timeout=" + consumerFunction.timeout().toSeconds() + "s"
                + (eventSource.reportBatchItemFailures() ? " ReportBatchItemFailures" : ""));
        var consumerPool = Integer.parseInt(consumerEnvironment.getOrDefault("DB_POOL_SIZE", "1"));
        var readPool = Integer.parseInt(readEnvironment.getOrDefault("DB_POOL_SIZE", "1"));
        out.println("  Peak DB connections  " + concurrency + " consumer environments x DB_POOL_SIZE " + consumerPool
                + read.reservedConcurrency().stream().mapToObj(reserved -> " + " + reserved
                        + " read environments x DB_POOL_SIZE " + readPool + " = " + (concurrency * consumerPool + reserved * readPool))
                        .findFirst().orElse(" + the read function's environments")
                + " (+1 for this runtime's status line)");
        out.println("  Logs        function logs at " + (settings.verbose() ? "INFO" : "WARN (--verbose for INFO)"));
        notes.forEach(note -> out.println("  note: " + note));
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
            if (gatewayPart != null) {
                gatewayPart.close(out);
            }
            if (sqs != null && sqs.embedded() && consumer.isPresent()) {
                drainEmbeddedQueue();
            }
            if (consumerPart != null) {
                consumerPart.close(out);
            }
            if (status != null) {
                status.printIfChanged();
                reportWhatTheEmbeddedQueueLoses();
            }
        } finally {
            // Whatever went wrong above, PostgreSQL must not outlive the JVM: nothing else would stop it.
            stopParts();
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

    private void stopParts() {
        while (!parts.isEmpty()) {
            parts.pollLast().close(out);
        }
    }

    private synchronized Part register(String name, AutoCloseable closeable) {
        var part = new Part(name, closeable, new AtomicBoolean());
        if (closed.get()) {
            // Stopped while starting (Ctrl-C during startup): nothing may outlive the JVM, least of all PostgreSQL.
            part.close(out);
            throw new IllegalStateException("stopped while starting");
        }
        parts.addLast(part);
        return part;
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
    public Optional<PollingEventSourceMapping> consumer() {
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

    private static Region region(RuntimeSettings.Sqs sqs) {
        return switch (sqs) {
            case RuntimeSettings.Sqs.Embedded embedded -> Region.of(EmbeddedSqs.REGION);
            case RuntimeSettings.Sqs.Endpoint endpoint -> endpoint.region().map(Region::of)
                    .or(PipelineRuntime::defaultRegion).orElse(Region.of(EmbeddedSqs.REGION));
            case RuntimeSettings.Sqs.ExistingQueues existing -> existing.region().map(Region::of)
                    .or(() -> awsQueueUrl(existing.queueUrl()).map(m -> Region.of(m.group(1))))
                    .or(PipelineRuntime::defaultRegion)
                    .orElseThrow(() -> new IllegalArgumentException("no AWS region: pass --region or set AWS_REGION"));
        };
    }

    private static String accountId(RuntimeSettings.Sqs sqs) {
        if (sqs instanceof RuntimeSettings.Sqs.ExistingQueues existing) {
            return awsQueueUrl(existing.queueUrl()).map(m -> m.group(3)).orElse(EmbeddedSqs.ACCOUNT_ID);
        }
        return EmbeddedSqs.ACCOUNT_ID;
    }

    private static Optional<java.util.regex.Matcher> awsQueueUrl(String url) {
        var matcher = AWS_QUEUE_URL.matcher(url);
        return matcher.matches() ? Optional.of(matcher) : Optional.empty();
    }

    private static Optional<Region> defaultRegion() {
        try {
            return Optional.of(DefaultAwsRegionProviderChain.builder().build().getRegion());
        } catch (SdkException e) {
            return Optional.empty();
        }
    }

    /** LocalStack and other emulators take any credentials; real ones are used when the default chain has some. */
    private static AwsCredentialsProvider endpointCredentials() {
        return AwsCredentialsProviderChain.builder()
                .credentialsProviders(DefaultCredentialsProvider.builder().build(),
                        StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .build();
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

    private static void requireFreePort(int port, String what, String option) {
        if (port == 0) {
            return;
        }
        try (var socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            throw new IllegalStateException(what + " port " + port + " is in use; choose another with " + option);
        }
    }

    private static String rootMessage(Throwable e) {
        var root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
