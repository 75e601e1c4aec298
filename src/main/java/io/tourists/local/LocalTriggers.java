package io.tourists.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.core.type.TypeReference;
import io.tourists.json.Json;
import io.tourists.local.lambda.LocalContext;
import io.tourists.local.net.Ports;
import io.tourists.local.s3.EmbeddedS3;
import io.tourists.local.template.FunctionDefinition;
import io.tourists.local.template.PipelineTemplate;
import io.tourists.local.template.ScheduleDefinition;
import java.io.PrintStream;
import java.net.URI;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The triggers the runtime emulates besides HTTP and the queue: the template's {@code rate(...)} schedules (the
 * prune function's hourly one, the import schedule when SyncSourceUrl is set), and uploads to the import bucket.
 * The bucket lives in an S3-compatible store in this process ({@link EmbeddedS3}, port {@value #DEFAULT_S3_PORT}
 * or LOCAL_S3_PORT, a free one if taken); the runtime lists {@code incoming/} every second and invokes the
 * import function with an S3 notification for each new object version, as S3 would. All invocations run one at a
 * time on one thread.
 */
final class LocalTriggers implements AutoCloseable {

    static final int DEFAULT_S3_PORT = 9100;
    static final String IMPORT_FUNCTION = PipelineTemplate.IMPORT_FUNCTION;
    static final String PRUNE_FUNCTION = PipelineTemplate.PRUNE_FUNCTION;

    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("local-triggers").factory());
    private final PrintStream out;
    private final Optional<EmbeddedS3> store;
    private final Optional<S3Client> s3;
    private final Map<String, RequestHandler<Map<String, Object>, Map<String, Object>>> functions = new LinkedHashMap<>();
    private final Map<String, FunctionDefinition> definitions = new LinkedHashMap<>();
    private final Set<String> seenUploads = new HashSet<>();
    private String bucket;

    private LocalTriggers(PrintStream out, Optional<EmbeddedS3> store, Optional<S3Client> s3) {
        this.out = out;
        this.store = store;
        this.s3 = s3;
    }

    /** Starts the store (when the template has the import function) and the schedules; notes what runs. */
    static LocalTriggers start(PipelineTemplate template, FunctionSettings settings, PipelineFunctions pipeline,
                               String region, PrintStream out, List<String> notes) {
        var functionIds = template.functionIds();
        Optional<EmbeddedS3> store = Optional.empty();
        Optional<S3Client> s3 = Optional.empty();
        if (functionIds.contains(IMPORT_FUNCTION)) {
            var port = Optional.ofNullable(System.getenv("LOCAL_S3_PORT")).map(Integer::parseInt).orElse(DEFAULT_S3_PORT);
            store = Optional.of(EmbeddedS3.start(isFree(port) ? port : Ports.free()));
            s3 = Optional.of(client(store.get().endpoint(), region));
        }
        var triggers = new LocalTriggers(out, store, s3);
        if (store.isPresent()) {
            var definition = template.function(IMPORT_FUNCTION);
            var environment = new LinkedHashMap<>(settings.environment(definition));
            environment.put("AWS_ENDPOINT_URL_S3", store.get().endpoint().toString());
            triggers.bucket = environment.get("IMPORT_BUCKET");
            s3.get().createBucket(r -> r.bucket(triggers.bucket));
            triggers.definitions.put(IMPORT_FUNCTION, definition);
            triggers.functions.put(IMPORT_FUNCTION, pipeline.imports(Map.copyOf(environment), s3.get()));
            triggers.thread.scheduleWithFixedDelay(triggers::notifyUploads, 1, 1, TimeUnit.SECONDS);
            notes.add("imports: upload CSV or JSON Lines to s3://" + triggers.bucket + "/incoming/FOLDER/ at "
                    + store.get().endpoint() + " (aws --endpoint-url " + store.get().endpoint() + " s3 cp FILE s3://"
                    + triggers.bucket + "/incoming/FOLDER/; any access key); bin/tourists import status shows the runs");
        }
        if (functionIds.contains(PRUNE_FUNCTION)) {
            var definition = template.function(PRUNE_FUNCTION);
            triggers.definitions.put(PRUNE_FUNCTION, definition);
            triggers.functions.put(PRUNE_FUNCTION, pipeline.prune(settings.environment(definition)));
        }
        for (var schedule : template.schedules()) {
            if (schedule.every().isEmpty() || !triggers.functions.containsKey(schedule.functionLogicalId())) {
                notes.add("schedule " + schedule.name() + " (" + schedule.expression() + ") is not run here");
                continue;
            }
            long seconds = schedule.every().get().toSeconds();
            triggers.thread.scheduleAtFixedRate(() -> triggers.invoke(schedule.functionLogicalId(), schedule.input()),
                    seconds, seconds, TimeUnit.SECONDS);
            notes.add("schedule " + schedule.name() + " runs " + schedule.functionLogicalId() + " every "
                    + schedule.expression().replace("rate(", "").replace(")", ""));
        }
        return triggers;
    }

    Optional<URI> s3Endpoint() {
        return store.map(EmbeddedS3::endpoint);
    }

    /** Invokes the function with the event now, on the triggers' thread, and waits. */
    void invokeNow(String function, String event) throws Exception {
        thread.submit(() -> invoke(function, event)).get();
    }

    private void notifyUploads() {
        try {
            var listing = s3.orElseThrow().listObjectsV2Paginator(r -> r.bucket(bucket).prefix("incoming/"));
            for (var object : listing.contents()) {
                var eTag = object.eTag().replace("\"", "");
                if (seenUploads.add(object.key() + "#" + eTag)) {
                    var key = java.net.URLEncoder.encode(object.key(), java.nio.charset.StandardCharsets.UTF_8)
                            .replace("%2F", "/");
                    invoke(IMPORT_FUNCTION, Json.write(Map.of("Records", List.of(Map.of("eventSource", "aws:s3",
                            "eventName", "ObjectCreated:Put", "s3", Map.of("bucket", Map.of("name", bucket),
                                    "object", Map.of("key", key, "eTag", eTag, "size", object.size())))))));
                }
            }
        } catch (RuntimeException e) {
            out.println("note: listing the import bucket failed: " + e.getMessage());
        }
    }

    private void invoke(String function, String event) {
        var definition = definitions.get(function);
        try {
            var input = Json.MAPPER.readValue(event, new TypeReference<Map<String, Object>>() {});
            functions.get(function).handleRequest(input,
                    new LocalContext(definition.functionName(), definition.memoryMb(), definition.timeout()));
        } catch (Exception e) {
            out.println("note: " + function + " failed: " + e.getMessage());
        }
    }

    private static boolean isFree(int port) {
        try {
            Ports.requireFree(port, "S3", "LOCAL_S3_PORT");
            return true;
        } catch (IllegalStateException taken) {
            return false;
        }
    }

    private static S3Client client(URI endpoint, String region) {
        return S3Client.builder().endpointOverride(endpoint).forcePathStyle(true).region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(EmbeddedS3.ACCESS_KEY, EmbeddedS3.ACCESS_KEY)))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    @Override
    public void close() {
        thread.shutdownNow();
        functions.values().forEach(function -> {
            if (function instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    out.println("note: closing a function failed: " + e.getMessage());
                }
            }
        });
        store.ifPresent(EmbeddedS3::close);
    }
}
