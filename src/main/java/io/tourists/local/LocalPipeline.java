package io.tourists.local;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs the whole pipeline on this machine, as template.yaml deploys it: {@code mvn -q compile exec:java}.
 * Every flag can also be set by the environment variable named in its description.
 */
@Command(name = "local-pipeline", sortOptions = false, usageHelpAutoWidth = true,
        description = {"Runs the tourist pipeline on this machine with the settings of template.yaml: SQS",
                "(embedded ElasticMQ), PostgreSQL (embedded), the HTTP API in front of the API and read functions,",
                "and the consumer's SQS event source mapping. Ctrl-C stops it without losing a message.", ""})
public final class LocalPipeline implements Callable<Integer> {

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = "--api-host", paramLabel = "HOST", defaultValue = "${env:LOCAL_API_HOST:-127.0.0.1}",
            description = "Interface of the HTTP API (env LOCAL_API_HOST). Default: ${DEFAULT-VALUE}")
    String apiHost;

    @Option(names = "--api-port", paramLabel = "PORT", defaultValue = "${env:LOCAL_API_PORT:-3000}",
            description = "Port of the HTTP API, 0 for any free one (env LOCAL_API_PORT). Default: ${DEFAULT-VALUE}")
    int apiPort;

    @Option(names = "--sqs-port", paramLabel = "PORT", defaultValue = "${env:LOCAL_SQS_PORT:-9324}",
            description = "Port of the embedded ElasticMQ, 0 for any free one (env LOCAL_SQS_PORT). Default: ${DEFAULT-VALUE}")
    int sqsPort;

    @Option(names = "--sqs-endpoint", paramLabel = "URL", defaultValue = "${env:AWS_ENDPOINT_URL_SQS}",
            description = "Use this SQS (e.g. LocalStack http://localhost:4566) instead of the embedded one; the"
                    + " template's queues are created there if missing (env AWS_ENDPOINT_URL_SQS)")
    String sqsEndpoint;

    @Option(names = "--queue-url", paramLabel = "URL", defaultValue = "${env:WRITE_QUEUE_URL}",
            description = "Use this existing write queue as it is, e.g. on AWS; needs --dlq-url (env WRITE_QUEUE_URL)")
    String queueUrl;

    @Option(names = "--dlq-url", paramLabel = "URL", defaultValue = "${env:DEAD_LETTER_QUEUE_URL}",
            description = "The existing dead-letter queue that goes with --queue-url (env DEAD_LETTER_QUEUE_URL)")
    String deadLetterQueueUrl;

    @Option(names = "--region", paramLabel = "REGION", defaultValue = "${env:AWS_REGION}",
            description = "AWS region for an SQS other than the embedded one; else the default AWS chain (env AWS_REGION)")
    String region;

    @Option(names = "--db-port", paramLabel = "PORT", defaultValue = "${env:LOCAL_DB_PORT:-5433}",
            description = "Port of the embedded PostgreSQL, 0 for any free one (env LOCAL_DB_PORT). Default: ${DEFAULT-VALUE}")
    int dbPort;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "${env:LOCAL_DATA_DIR}",
            description = "Keep the embedded PostgreSQL's data and the embedded queues' messages in DIR, through a"
                    + " stop or a crash; by default both are thrown away (env LOCAL_DATA_DIR)")
    Path dataDirectory;

    @Option(names = "--db-url", paramLabel = "JDBC_URL", defaultValue = "${env:DB_URL}",
            description = "Use this PostgreSQL instead of the embedded one; it is migrated (env DB_URL)")
    String dbUrl;

    @Option(names = "--db-user", paramLabel = "USER", defaultValue = "${env:DB_USER:-tourists}",
            description = "User for --db-url (env DB_USER). Default: ${DEFAULT-VALUE}")
    String dbUser;

    @Option(names = "--db-password", paramLabel = "PASSWORD", defaultValue = "${env:DB_PASSWORD:-tourists}",
            description = "Password for --db-url (env DB_PASSWORD). Default: ${DEFAULT-VALUE}")
    String dbPassword;

    @Option(names = "--template", paramLabel = "FILE", defaultValue = "${env:LOCAL_TEMPLATE:-template.yaml}",
            description = "The SAM template to run (env LOCAL_TEMPLATE). Default: ${DEFAULT-VALUE}")
    Path template;

    @Option(names = "--param", paramLabel = "NAME=VALUE", mapFallbackValue = "",
            description = "Override a template parameter, e.g. --param ConsumerMaxConcurrency=4; repeatable"
                    + " (env LOCAL_PARAMS, comma-separated NAME=VALUE pairs)")
    Map<String, String> parameters = new LinkedHashMap<>();

    @Option(names = "--authorizer", paramLabel = "none|jwt|iam", defaultValue = "${env:LOCAL_AUTHORIZER:-none}",
            description = "Who the HTTP API lets in: none (anyone, as sam local), jwt (a token from the runtime's own"
                    + " issuer with the route's scope; tokens are printed at start) or iam (a SigV4 signature by a local"
                    + " user with one of the template's access policies) (env LOCAL_AUTHORIZER). Default: ${DEFAULT-VALUE}")
    String authorizer;

    @Option(names = "--verbose", defaultValue = "${env:LOCAL_VERBOSE:-false}",
            description = "Function logs at INFO instead of WARN, and one line per HTTP request (env LOCAL_VERBOSE)")
    boolean verbose;

    @Option(names = "--status-interval", paramLabel = "SECONDS", defaultValue = "${env:LOCAL_STATUS_INTERVAL:-10}",
            description = "Print the status line this often when it changed, 0 for never (env LOCAL_STATUS_INTERVAL)."
                    + " Default: ${DEFAULT-VALUE}")
    int statusIntervalSeconds;

    @Option(names = "--dashboard-port", paramLabel = "PORT|off", defaultValue = "${env:LOCAL_DASHBOARD_PORT:-3001}",
            description = "Port of the live dashboard page, on 127.0.0.1 only; 0 for any free one, off for none"
                    + " (env LOCAL_DASHBOARD_PORT). Default: ${DEFAULT-VALUE}")
    String dashboardPort;

    private final PrintStream out;

    LocalPipeline(PrintStream out) {
        this.out = out;
    }

    /** Where --data-dir keeps PostgreSQL's data directory, and ElasticMQ's store. */
    static final String POSTGRESQL_DIR = "postgresql";
    static final String ELASTICMQ_DIR = "elasticmq";

    /** Idle SQS connections the local JVM keeps per destination: enough for the load tool's 100 clients and then some. */
    static final int LOCAL_KEEP_ALIVE_CONNECTIONS = 200;

    public static void main(String[] args) {
        // Before anything logs: shutdown hooks run side by side, and log4j's own would stop logging while
        // ours still lets the last batches settle; their log lines would be lost.
        System.setProperty("log4j2.shutdownHookEnabled", "false");
        // On Lambda each execution environment has its own JVM and one request at a time; here every API
        // environment shares one JVM, whose HttpURLConnection keep-alive cache holds only 5 idle sockets per
        // destination by default: with 100 concurrent writes, 95 SQS connections were closed and re-opened per
        // request (issue #6: 494 -> 666 accepted/s, p99 386 -> 263 ms). Must be set before the first connection.
        if (System.getProperty("http.maxConnections") == null) {
            System.setProperty("http.maxConnections", Integer.toString(LOCAL_KEEP_ALIVE_CONNECTIONS));
        }
        // Straight to file descriptor 1, not System.out: under `mvn exec:java`, Maven's own shutdown hook
        // swaps System.out back from its ANSI wrapper while ours still prints "stopping" and "STOPPED".
        var terminal = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        int exitCode = new CommandLine(new LocalPipeline(terminal)).execute(args);
        System.exit(exitCode);
    }

    @Override
    public Integer call() throws InterruptedException {
        RuntimeSettings settings;
        try {
            settings = settings();
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            return CommandLine.ExitCode.USAGE;
        }
        // The hook is in place before anything starts: Ctrl-C during startup must not leave PostgreSQL running.
        var runtime = PipelineRuntime.unstarted(out);
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            runtime.close();
            stopped.countDown();
        }, "local-pipeline-stop"));
        try {
            runtime.start(settings);
        } catch (RuntimeException e) {
            System.err.println("error: " + e.getMessage());
            return CommandLine.ExitCode.SOFTWARE;
        }
        stopped.await();
        return CommandLine.ExitCode.OK;
    }

    /** Reads the flags (with their environment variables) into settings, refusing combinations that make no sense. */
    RuntimeSettings settings() {
        var overrides = new LinkedHashMap<String, String>();
        Optional.ofNullable(System.getenv("LOCAL_PARAMS")).filter(value -> !value.isBlank()).ifPresent(value -> {
            for (var pair : value.split(",")) {
                var equals = pair.indexOf('=');
                if (equals < 1) {
                    throw new IllegalArgumentException("LOCAL_PARAMS must be NAME=VALUE pairs separated by commas, got " + pair);
                }
                overrides.put(pair.substring(0, equals).strip(), pair.substring(equals + 1).strip());
            }
        });
        overrides.putAll(parameters);

        var queue = given(queueUrl);
        var deadLetterQueue = given(deadLetterQueueUrl);
        if (queue.isPresent() != deadLetterQueue.isPresent()) {
            throw new IllegalArgumentException("--queue-url and --dlq-url go together: the consumer parks refused"
                    + " messages on the dead-letter queue");
        }
        var endpoint = given(sqsEndpoint).map(URI::create);
        var data = Optional.ofNullable(dataDirectory).map(LocalPipeline::dataDirectory);
        RuntimeSettings.Sqs sqs;
        if (queue.isPresent()) {
            sqs = new RuntimeSettings.Sqs.ExistingQueues(endpoint, given(region), queue.get(), deadLetterQueue.get());
        } else if (endpoint.isPresent()) {
            sqs = new RuntimeSettings.Sqs.Endpoint(endpoint.get(), given(region));
        } else {
            sqs = new RuntimeSettings.Sqs.Embedded(sqsPort, data.map(dir -> dir.resolve(ELASTICMQ_DIR)));
        }
        RuntimeSettings.Database database = given(dbUrl)
                .<RuntimeSettings.Database>map(url -> new RuntimeSettings.Database.Existing(url, dbUser, dbPassword))
                .orElseGet(() -> new RuntimeSettings.Database.Embedded(dbPort, data.map(dir -> dir.resolve(POSTGRESQL_DIR))));
        if (statusIntervalSeconds < 0) {
            throw new IllegalArgumentException("--status-interval cannot be negative");
        }
        var settings = new RuntimeSettings(apiHost, apiPort, sqs, database, template, overrides, verbose,
                Duration.ofSeconds(statusIntervalSeconds), RuntimeSettings.Authorizer.parse(authorizer));
        return dashboardPort(dashboardPort).isPresent()
                ? settings.withDashboard(dashboardPort(dashboardPort).getAsInt()) : settings;
    }

    /** A port, or off (also "none" or empty) for no dashboard. */
    static OptionalInt dashboardPort(String text) {
        var value = Optional.ofNullable(text).map(String::strip).orElse("");
        if (value.isEmpty() || value.equalsIgnoreCase("off") || value.equalsIgnoreCase("none")) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(value));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--dashboard-port must be a port number or off, got " + value);
        }
    }

    /** The directory, absolute; refused if it holds PostgreSQL's own files (the layout of the former --db-data-dir). */
    private static Path dataDirectory(Path directory) {
        var absolute = directory.toAbsolutePath().normalize();
        if (Files.exists(absolute.resolve("PG_VERSION"))) {
            throw new IllegalArgumentException(absolute + " holds PostgreSQL's own files; --data-dir keeps them in "
                    + absolute.resolve(POSTGRESQL_DIR) + ": move them there, or choose another directory");
        }
        return absolute;
    }

    private static Optional<String> given(String value) {
        return Optional.ofNullable(value).map(String::strip).filter(text -> !text.isEmpty());
    }
}
