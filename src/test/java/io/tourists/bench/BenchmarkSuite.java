package io.tourists.bench;

import io.tourists.bench.coldstart.ColdStartProbe;
import io.tourists.bench.coldstart.HelloWorld;
import io.tourists.json.Json;
import io.tourists.json.TouristJson;
import io.tourists.local.PipelineRuntime;
import io.tourists.local.RuntimeSettings;
import io.tourists.local.sqs.EmbeddedSqs;
import io.tourists.ops.load.LoadGenerator;
import io.tourists.ops.load.LoadPlan;
import io.tourists.ops.load.LoadReport;
import io.tourists.queue.WriteEnvelope;
import io.tourists.testing.Infrastructure;
import io.tourists.testing.TestQueues;
import io.tourists.testing.Tourists;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * The benchmark suite behind {@code bin/benchmark}: end to end over HTTP beside the queue's own ceiling and the
 * synchronous design, the consumer's drain at several concurrencies and batch sizes, a file import
 * ({@link ImportScenario}), cold starts from the Lambda artifact, and the JMH micro-benchmarks. Prints each table
 * and writes BENCHMARKS.md and an SVG chart. Everything runs on 127.0.0.1: one embedded ElasticMQ and one
 * embedded PostgreSQL shared by all parts.
 *
 * <p>Options: {@code --requests N} (10000), {@code --concurrency C} (100), {@code --drain-messages M} (10000, also
 * the import's rows), {@code --repeats R} cold starts per case (3), {@code --skip e2e,drain,import,batch,coldstart,jmh},
 * {@code --report FILE} (BENCHMARKS.md), {@code --chart FILE} (docs/benchmarks.svg), {@code --artifact JAR}
 * (target/tourists-lambda.jar).
 */
public final class BenchmarkSuite {

    private static final Duration LOAD_CAP = Duration.ofMinutes(3);
    private static final Duration COMMIT_WAIT = Duration.ofMinutes(3);
    private static final int WARMUP_REQUESTS = 2_000;
    private static final String REGION = EmbeddedSqs.REGION;

    private final Options options;
    private final List<Table> tables = new ArrayList<>();
    private final List<SvgChart.Panel> panels = new ArrayList<>();
    private final List<Target> targets = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());

    record Options(int requests, int concurrency, int drainMessages, int repeats, Set<String> skip, Path report,
                   Path chart, Path artifact) {

        static Options parse(String[] args) {
            var values = new LinkedHashMap<String, String>();
            for (int i = 0; i < args.length; i += 2) {
                if (!args[i].startsWith("--") || i + 1 >= args.length) {
                    throw new IllegalArgumentException("options are --name value pairs, got " + Arrays.toString(args));
                }
                values.put(args[i].substring(2), args[i + 1]);
            }
            var known = Set.of("requests", "concurrency", "drain-messages", "repeats", "skip", "report", "chart", "artifact");
            values.keySet().stream().filter(k -> !known.contains(k)).findFirst().ifPresent(k -> {
                throw new IllegalArgumentException("unknown option --" + k + "; known: " + known);
            });
            return new Options(
                    Integer.parseInt(values.getOrDefault("requests", "10000")),
                    Integer.parseInt(values.getOrDefault("concurrency", "100")),
                    Integer.parseInt(values.getOrDefault("drain-messages", "10000")),
                    Integer.parseInt(values.getOrDefault("repeats", "3")),
                    Arrays.stream(values.getOrDefault("skip", "").split(",")).map(String::strip)
                            .filter(s -> !s.isEmpty()).collect(Collectors.toSet()),
                    Path.of(values.getOrDefault("report", "BENCHMARKS.md")),
                    Path.of(values.getOrDefault("chart", "docs/benchmarks.svg")),
                    Path.of(values.getOrDefault("artifact", "target/tourists-lambda.jar")));
        }
    }

    /** A target from the issue, the figure reached, and why where it is missed. */
    record Target(String name, String goal, String reached, boolean met) {}

    private BenchmarkSuite(Options options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        var suite = new BenchmarkSuite(Options.parse(args));
        int exit = 0;
        try {
            suite.runAll();
        } catch (Exception e) {
            e.printStackTrace(System.err);
            exit = 1;
        }
        System.exit(exit);
    }

    private void runAll() throws Exception {
        long started = System.nanoTime();
        var machine = machine();
        System.out.println(machine.text());
        tables.add(machine);
        System.out.println("starting embedded ElasticMQ and PostgreSQL ...");
        Infrastructure.sqs();
        Infrastructure.database();
        if (!options.skip().contains("e2e")) {
            endToEnd();
        }
        if (!options.skip().contains("drain")) {
            drain();
        }
        if (!options.skip().contains("import")) {
            importFile();
        }
        if (!options.skip().contains("batch")) {
            add(BatchEndpointScenario.table(BatchEndpointScenario.run(options.requests(), options.concurrency())));
        }
        if (!options.skip().contains("coldstart")) {
            coldStart();
        }
        if (!options.skip().contains("jmh")) {
            jmh();
        }
        var targetTable = Table.of("Targets", "target", "goal", "reached", "met");
        for (var target : targets) {
            targetTable = targetTable.with(target.name(), target.goal(), target.reached(), target.met() ? "yes" : "MISSED");
        }
        tables.add(targetTable);
        System.out.println(targetTable.text());
        writeReport(Duration.ofNanos(System.nanoTime() - started));
    }

    /** The import scenario (its own class): a file of --drain-messages rows, bin/tourists import --wait. */
    private void importFile() throws Exception {
        System.out.println("import: a " + options.drainMessages() + "-row file, bin/tourists import --wait ...");
        var result = ImportScenario.run(options.drainMessages(), Files.createTempDirectory("bench-import"));
        var table = ImportScenario.table(result);
        tables.add(table);
        System.out.println(table.text());
        double secs = seconds(result.fileToCommitted());
        targets.add(new Target(result.rows() + "-row file imported, file -> committed", "<= 10 s", fmt(secs) + " s",
                secs <= 10));
    }

    // ---------------------------------------------------------------- 1. end to end

    private void endToEnd() throws Exception {
        var database = Infrastructure.database();
        var plan = "N=" + options.requests() + ", C=" + options.concurrency();

        System.out.println("end to end: the pipeline (" + plan + ") ...");
        var pipeline = pipelineRun();
        System.out.println("end to end: the queue's ceiling ...");
        var body = WriteEnvelope.encode(Tourists.upsert(UUID.randomUUID(), Instant.now().truncatedTo(ChronoUnit.MICROS),
                Tourists.ada()));
        // Warm the client and the queue first, as the pipeline was warmed.
        QueueCeiling.run(Infrastructure.sqsEndpoint(), REGION, WARMUP_REQUESTS, options.concurrency(), pipeline.pollers(), body);
        var ceiling = QueueCeiling.run(Infrastructure.sqsEndpoint(), REGION, options.requests(), options.concurrency(),
                pipeline.pollers(), body);
        System.out.println("end to end: the synchronous design ...");
        var sync = syncRun(database.jdbcUrl(), database.user(), database.password());

        var load = pipeline.load();
        var latency = load.latency().orElseThrow();
        var syncLatency = sync.load().latency().orElseThrow();
        double committedPerSecond = pipeline.committed() / seconds(pipeline.untilCommitted());
        double syncPerSecond = sync.okAnswers() / seconds(sync.load().elapsed());
        var table = Table.of("1. End to end (" + plan + ", 127.0.0.1, everything on this machine)",
                        "design", "answered/s", "p50 ms", "p95 ms", "p99 ms", "all committed s", "committed/s",
                        "peak DB connections", "statuses")
                .with("pipeline: API -> SQS -> consumer (MaximumConcurrency " + pipeline.pollers() + ", batch "
                                + pipeline.batchSize() + ")", fmt(load.acceptedPerSecond()), fmt(latency.p50()),
                        fmt(latency.p95()), fmt(latency.p99()), fmt(seconds(pipeline.untilCommitted())),
                        fmt(committedPerSecond), pipeline.peakConnections() + " consumer, " + pipeline.peakAllConnections() + " all",
                        load.statuses())
                .with("queue ceiling: plain SDK send/receive/delete", "-", "-", "-", "-",
                        fmt(seconds(ceiling.elapsed())), fmt(ceiling.perSecond()), "0", "-")
                .with("synchronous CRUD: validate + insert, connection per request", fmt(syncPerSecond),
                        fmt(syncLatency.p50()), fmt(syncLatency.p95()), fmt(syncLatency.p99()),
                        fmt(seconds(sync.load().elapsed())), fmt(syncPerSecond), sync.peakConnections() + "",
                        sync.load().statuses());
        var ratios = Table.of("1b. Ratios", "ratio", "value")
                .with("pipeline committed/s / queue ceiling msgs/s", fmt(committedPerSecond / ceiling.perSecond()))
                .with("pipeline accepted/s / queue ceiling msgs/s", fmt(load.acceptedPerSecond() / ceiling.perSecond()))
                .with("peak DB connections: pipeline vs synchronous", pipeline.peakConnections() + " vs " + sync.peakConnections())
                .with("API p99: pipeline vs synchronous (ms)", fmt(latency.p99()) + " vs " + fmt(syncLatency.p99()))
                .with("committed/s: pipeline / synchronous", fmt(committedPerSecond / syncPerSecond));
        add(table);
        add(ratios);
        panels.add(new SvgChart.Panel("End to end, " + plan, "writes or messages per second", List.of(
                new SvgChart.Bar("pipeline accepted/s", load.acceptedPerSecond()),
                new SvgChart.Bar("pipeline committed/s", committedPerSecond),
                new SvgChart.Bar("queue ceiling msgs/s", ceiling.perSecond()),
                new SvgChart.Bar("synchronous CRUD committed/s", syncPerSecond))));
        panels.add(new SvgChart.Panel("API p99 latency, " + plan, "ms", List.of(
                new SvgChart.Bar("pipeline (202 after enqueue)", latency.p99()),
                new SvgChart.Bar("synchronous CRUD (201 after insert)", syncLatency.p99()))));
        panels.add(new SvgChart.Panel("Peak PostgreSQL connections, " + plan, "connections", List.of(
                new SvgChart.Bar("pipeline (consumer pools)", pipeline.peakConnections()),
                new SvgChart.Bar("synchronous CRUD", sync.peakConnections()))));

        double ratio = committedPerSecond / ceiling.perSecond();
        targets.add(new Target("pipeline vs queue ceiling", ">= 0.7 x", fmt(ratio) + " x", ratio >= 0.7));
        targets.add(new Target("10k HTTP writes committed", "<= 5 s", fmt(seconds(pipeline.untilCommitted())) + " s for "
                + options.requests(), seconds(pipeline.untilCommitted()) <= 5));
        targets.add(new Target("API p99 at " + options.concurrency() + " clients", "<= 15 ms", fmt(latency.p99()) + " ms",
                latency.p99() <= 15));
        int cap = pipeline.pollers() * io.tourists.db.DbSettings.DEFAULT_POOL_SIZE;
        targets.add(new Target("peak DB connections (pipeline)", "<= MaximumConcurrency x pool size = " + cap,
                pipeline.peakConnections() + "", pipeline.peakConnections() <= cap));
        targets.add(new Target("synchronous design: one connection per in-flight request", "up to " + options.concurrency(),
                sync.peakConnections() + " (sampled every " + DatabaseSampler.INTERVAL_MS + " ms)",
                sync.peakConnections() > pipeline.peakAllConnections()));
    }

    record PipelineRun(LoadReport load, Duration untilCommitted, long committed, int peakConnections,
                       int peakAllConnections, int pollers,
                       int batchSize) {}

    private PipelineRun pipelineRun() throws Exception {
        var database = Infrastructure.database();
        var queues = Infrastructure.newQueues("bench-e2e", 5, Duration.ofSeconds(190), false);
        try (var runtime = PipelineRuntime.start(settings(queues, Map.of()), quiet);
             var generator = new LoadGenerator()) {
            // Warm-up: JIT, connection pools, the queue; then an empty table.
            generator.run(new LoadPlan(runtime.apiUri(), WARMUP_REQUESTS, options.concurrency(), LOAD_CAP, false));
            try (var sampler = new DatabaseSampler(database.jdbcUrl(), database.user(), database.password())) {
                sampler.awaitRows(WARMUP_REQUESTS, System.nanoTime() + COMMIT_WAIT.toNanos());
            }
            Infrastructure.resetDatabase();
            try (var sampler = new DatabaseSampler(database.jdbcUrl(), database.user(), database.password())) {
                long start = System.nanoTime();
                var load = generator.run(new LoadPlan(runtime.apiUri(), options.requests(), options.concurrency(),
                        LOAD_CAP, false));
                long seen = sampler.awaitRows(load.accepted(), System.nanoTime() + COMMIT_WAIT.toNanos());
                if (seen < 0) {
                    throw new IllegalStateException("only " + sampler.rows() + " of " + load.accepted()
                            + " accepted writes were committed within " + COMMIT_WAIT);
                }
                notes.add("Pipeline: peak connections by application_name (each name's own peak): " + sampler.peaks()
                        + "; most in one sample, all names but the harness's pool: " + sampler.peakAll());
                return new PipelineRun(load, Duration.ofNanos(seen - start), load.accepted(),
                        sampler.peak("tourists-consumer"), sampler.peakAll(), pollers(), batchSize());
            }
        }
    }

    private static int pollers() {
        return Integer.parseInt(templateDefault("ConsumerMaxConcurrency"));
    }

    private static int batchSize() {
        return Integer.parseInt(templateDefault("ConsumerBatchSize"));
    }

    /** A parameter's Default in template.yaml (the benchmark runs the template as deployed). */
    static String templateDefault(String parameter) {
        try {
            var lines = Files.readAllLines(Path.of("template.yaml"));
            int at = lines.indexOf("  " + parameter + ":");
            for (int i = at + 1; i < lines.size() && lines.get(i).startsWith("    "); i++) {
                var line = lines.get(i).strip();
                if (line.startsWith("Default:")) {
                    return line.substring("Default:".length()).strip();
                }
            }
            throw new IllegalStateException("template.yaml has no Default for " + parameter);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    record SyncRun(LoadReport load, int okAnswers, int peakConnections) {}

    private SyncRun syncRun(String jdbcUrl, String user, String password) throws Exception {
        try (var server = new SyncCrudServer(new SyncCrudHandler(jdbcUrl, user, password));
             var generator = new LoadGenerator()) {
            generator.run(new LoadPlan(server.uri(), WARMUP_REQUESTS, options.concurrency(), LOAD_CAP, false));
            Infrastructure.resetDatabase();
            try (var sampler = new DatabaseSampler(jdbcUrl, user, password)) {
                var load = generator.run(new LoadPlan(server.uri(), options.requests(), options.concurrency(),
                        LOAD_CAP, false));
                Thread.sleep(3 * DatabaseSampler.INTERVAL_MS);
                notes.add("Synchronous design: peak connections by application_name (each name's own peak; '(none)'"
                        + " is a connection still authenticating): " + sampler.peaks() + "; most in one sample: "
                        + sampler.peakAll());
                return new SyncRun(load, load.statuses().getOrDefault("201", 0), sampler.peakAll());
            }
        }
    }

    private RuntimeSettings settings(TestQueues queues, Map<String, String> parameters) {
        return settings(queues, parameters, Path.of("template.yaml"));
    }

    private RuntimeSettings settings(TestQueues queues, Map<String, String> parameters, Path template) {
        var database = Infrastructure.database();
        return new RuntimeSettings("127.0.0.1", 0,
                new RuntimeSettings.Sqs.ExistingQueues(Optional.of(Infrastructure.sqsEndpoint()), Optional.of(REGION),
                        queues.url(), queues.deadLetterUrl()),
                new RuntimeSettings.Database.Existing(database.jdbcUrl(), database.user(), database.password()),
                template, parameters, false, Duration.ZERO);
    }

    // ---------------------------------------------------------------- 2. drain

    private void drain() throws Exception {
        var template = Path.of("template.yaml");
        int messages = options.drainMessages();
        var table = Table.of("2. Drain: " + messages + " messages already queued, consumer started on them",
                "MaximumConcurrency", "BatchSize", "drain s", "rows/s", "peak DB connections");
        var bars = new ArrayList<SvgChart.Bar>();
        double best = Double.MAX_VALUE;
        String bestCase = "";
        var database = Infrastructure.database();
        for (int concurrency : new int[] {2, 4}) {
            for (int batch : new int[] {10, 100, 1000}) {
                System.out.println("drain: MaximumConcurrency " + concurrency + ", BatchSize " + batch + " ...");
                var queues = Infrastructure.newQueues("bench-drain", 5, Duration.ofSeconds(190), false);
                enqueue(queues.url(), messages);
                Infrastructure.resetDatabase();
                try (var sampler = new DatabaseSampler(database.jdbcUrl(), database.user(), database.password())) {
                    long start = System.nanoTime();
                    try (var runtime = PipelineRuntime.start(settings(queues, Map.of(
                            "ConsumerMaxConcurrency", Integer.toString(concurrency),
                            "ConsumerBatchSize", Integer.toString(batch)), template), quiet)) {
                        long seen = sampler.awaitRows(messages, System.nanoTime() + COMMIT_WAIT.toNanos());
                        if (seen < 0) {
                            throw new IllegalStateException("drain did not finish: " + sampler.rows() + " rows");
                        }
                        double secs = (seen - start) / 1e9;
                        table = table.with(concurrency, batch, fmt(secs), fmt(messages / secs),
                                sampler.peak("tourists-consumer"));
                        bars.add(new SvgChart.Bar("MaxConcurrency " + concurrency + ", batch " + batch, messages / secs));
                        if (secs < best) {
                            best = secs;
                            bestCase = "MaximumConcurrency " + concurrency + ", BatchSize " + batch;
                        }
                    }
                }
            }
        }
        add(table);
        notes.add("Drain time runs from PipelineRuntime.start() (given the running queue and database: it reads the"
                + " template, checks the migrations, starts the HTTP front and the pollers) until the sampler sees"
                + " every row; so it includes that start, a few hundred ms. MaximumConcurrency 1 is not run: AWS accepts 2 to"
                + " 1000, and the local runtime refuses what AWS refuses.");
        panels.add(new SvgChart.Panel("Drain of " + messages + " queued messages", "rows per second", bars));
        targets.add(new Target(messages + " queued drained", "<= 2 s", fmt(best) + " s (" + bestCase + ")", best <= 2));
    }

    private static void enqueue(String queueUrl, int messages) throws Exception {
        var sqs = Infrastructure.sqs();
        var now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        try (var senders = Executors.newFixedThreadPool(8)) {
            var futures = new ArrayList<java.util.concurrent.Future<?>>();
            for (int from = 0; from < messages; from += 10) {
                int size = Math.min(10, messages - from);
                futures.add(senders.submit(() -> {
                    var entries = IntStream.range(0, size).mapToObj(i -> SendMessageBatchRequestEntry.builder()
                            .id("m" + i)
                            .messageBody(WriteEnvelope.encode(Tourists.upsert(UUID.randomUUID(), now, Tourists.ada())))
                            .build()).toList();
                    var result = sqs.sendMessageBatch(r -> r.queueUrl(queueUrl).entries(entries));
                    if (!result.failed().isEmpty()) {
                        throw new IllegalStateException("send failed: " + result.failed());
                    }
                }));
            }
            for (var future : futures) {
                future.get();
            }
        }
    }

    // ---------------------------------------------------------------- 3. cold start

    private void coldStart() throws Exception {
        var artifact = options.artifact();
        if (!Files.exists(artifact)) {
            throw new IllegalStateException(artifact + " is missing: run mvn -q -B -DskipTests package first");
        }
        var harness = harnessDirectory();
        var database = Infrastructure.database();
        var queues = Infrastructure.newQueues("bench-coldstart", 5, Duration.ofSeconds(190), false);
        var postBody = Files.writeString(Files.createTempFile("bench-post", ".json"), Tourists.adaJson());
        var sqsBody = Files.writeString(Files.createTempFile("bench-sqs", ".json"), WriteEnvelope.encode(
                Tourists.upsert(UUID.randomUUID(), Instant.now().truncatedTo(ChronoUnit.MICROS), Tourists.ada())));
        var getBody = Files.writeString(Files.createTempFile("bench-get", ".txt"), UUID.randomUUID().toString());
        var env = new LinkedHashMap<String, String>();
        env.put("AWS_REGION", REGION);
        env.put("AWS_ACCESS_KEY_ID", "local");
        env.put("AWS_SECRET_ACCESS_KEY", "local");
        env.put("AWS_ENDPOINT_URL_SQS", Infrastructure.sqsEndpoint().toString());
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("AWS_LAMBDA_FUNCTION_NAME", "tourists-coldstart");
        env.put("AWS_EMF_ENVIRONMENT", "Local");
        env.put("POWERTOOLS_SERVICE_NAME", "tourists");
        env.put("POWERTOOLS_METRICS_NAMESPACE", "TouristPipelineBench");
        env.put("POWERTOOLS_LOG_LEVEL", "WARN");
        env.put("WRITE_QUEUE_URL", queues.url());
        env.put("DEAD_LETTER_QUEUE_URL", queues.deadLetterUrl());
        env.put("QUEUE_ARN", queues.arn());
        env.put("DB_URL", database.jdbcUrl());
        env.put("DB_USER", database.user());
        env.put("DB_PASSWORD", database.password());

        record Case(String name, String handler, String kind, Path body) {}
        var cases = List.of(
                new Case("hello world", HelloWorld.class.getName(), "http-post", postBody),
                new Case("ApiFunction (POST, enqueues)", "io.tourists.api.ApiFunction", "http-post", postBody),
                new Case("ConsumerFunction (1 message, upsert)", "io.tourists.consumer.ConsumerFunction", "sqs", sqsBody),
                new Case("ReadFunction (GET, 404)", "io.tourists.read.ReadFunction", "http-get", getBody));
        var table = Table.of("3. Cold start from " + artifact + " (" + fmt(Files.size(artifact) / 1e6) + " MB), median of "
                        + options.repeats() + " fresh JVMs each",
                "function", "JIT", "handler init ms", "init phase ms", "init phase / hello", "first invoke ms",
                "JVM start to answer ms", "RSS MB", "response");
        var bars = new ArrayList<SvgChart.Bar>();
        double apiInitRatio = Double.NaN;
        for (var jit : List.of("default", "-XX:TieredStopAtLevel=1")) {
            double helloInit = 0;
            for (var c : cases) {
                var runs = new ArrayList<double[]>();
                String response = "";
                for (int r = 0; r < options.repeats(); r++) {
                    var command = new ArrayList<String>();
                    command.add(ProcessHandle.current().info().command().orElse("java"));
                    if (!"default".equals(jit)) {
                        command.add(jit);
                    }
                    command.addAll(List.of("-cp", artifact.toAbsolutePath() + File.pathSeparator + harness,
                            ColdStartProbe.class.getName(), c.handler(), c.kind(), c.body().toString()));
                    var builder = new ProcessBuilder(command).redirectErrorStream(true);
                    builder.environment().clear();
                    builder.environment().putAll(env);
                    var process = builder.start();
                    var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                        throw new IllegalStateException(c.name() + " failed to start from the artifact:\n" + output);
                    }
                    var line = output.lines().filter(l -> l.startsWith("COLDSTART ")).findFirst()
                            .orElseThrow(() -> new IllegalStateException("no COLDSTART line:\n" + output));
                    var fields = parseFields(line);
                    response = line.substring(line.indexOf("response=") + "response=".length());
                    runs.add(new double[] {Double.parseDouble(fields.get("init_ms")),
                            Double.parseDouble(fields.get("first_invoke_ms")),
                            Double.parseDouble(fields.get("jvm_uptime_ms")),
                            Double.parseDouble(fields.get("rss_kb")) / 1024,
                            Double.parseDouble(fields.get("init_phase_ms"))});
                }
                double init = median(runs, 0);
                double invoke = median(runs, 1);
                double uptime = median(runs, 2);
                double rss = median(runs, 3);
                double initPhase = median(runs, 4);
                if (c.handler().equals(HelloWorld.class.getName())) {
                    helloInit = initPhase;
                }
                double ratio = initPhase / helloInit;
                if (c.handler().endsWith("ApiFunction") && "default".equals(jit)) {
                    apiInitRatio = ratio;
                }
                table = table.with(c.name(), jit, fmt(init), fmt(initPhase), fmt(ratio) + " x", fmt(invoke),
                        fmt(uptime), fmt(rss), statusOf(response));
                bars.add(new SvgChart.Bar(c.name().replaceAll(" \\(.*", "") + ("default".equals(jit) ? "" : " C1"),
                        uptime));
            }
        }
        add(table);
        notes.add("Cold start: handler init = Class.forName + no-arg constructor of the handler; init phase = the JVM's"
                + " uptime when that constructor returns (JVM start + class loading + construction: what Lambda"
                + " reports as Init Duration, minus the runtime's own bootstrap); first invoke = its first"
                + " handleRequest on an event with AWS's fields, against the live local queue and database; RSS ="
                + " VmRSS after it; JVM start to answer = the JVM's uptime at that point. The classpath is the artifact"
                + " plus the probe's own two classes, nothing else. Local JVM, not Lambda's Firecracker VM: absolute"
                + " figures differ on Lambda, the ratio to hello world is the comparable figure.");
        panels.add(new SvgChart.Panel("Cold start: JVM start to first answer", "ms", bars));
        targets.add(new Target("API init", "<= 2 x hello world", fmt(apiInitRatio) + " x", apiInitRatio <= 2));
        double megabytes = Files.size(artifact) / 1e6;
        targets.add(new Target("artifact size", "<= 12 MB", fmt(megabytes) + " MB", megabytes <= 12));
    }

    private static String statusOf(String response) {
        var matcher = java.util.regex.Pattern.compile("statusCode=?:? ?(\\d{3})").matcher(response);
        if (matcher.find()) {
            return matcher.group(1);
        }
        return response.contains("batchItemFailures=[]") ? "no failures" : response;
    }

    /** The probe's classes alone, copied out of target/test-classes: all the harness adds to the artifact. */
    private static Path harnessDirectory() throws IOException {
        var packageDir = ColdStartProbe.class.getPackageName().replace('.', '/');
        var source = Path.of("target", "test-classes", packageDir);
        var harness = Files.createTempDirectory("bench-coldstart");
        var target = Files.createDirectories(harness.resolve(packageDir));
        try (var classes = Files.list(source)) {
            for (var file : classes.toList()) {
                Files.copy(file, target.resolve(file.getFileName()));
            }
        }
        return harness;
    }

    private static Map<String, String> parseFields(String line) {
        var fields = new LinkedHashMap<String, String>();
        for (var part : line.split(" ")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                fields.putIfAbsent(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        return fields;
    }

    private static double median(List<double[]> runs, int index) {
        var values = runs.stream().mapToDouble(r -> r[index]).sorted().toArray();
        return values[values.length / 2];
    }

    // ---------------------------------------------------------------- 4. JMH

    private void jmh() throws Exception {
        System.out.println("JMH: ApiRequestBenchmark, ConsumerDecodeBenchmark (1 fork, 3 x 1 s warm-up, 5 x 1 s) ...");
        var options = new OptionsBuilder()
                .include("io\\.tourists\\.bench\\.(ApiRequestBenchmark|ConsumerDecodeBenchmark)")
                .forks(1)
                .warmupIterations(3).warmupTime(TimeValue.seconds(1))
                .measurementIterations(5).measurementTime(TimeValue.seconds(1))
                .jvmArgsAppend("-Xmx512m")
                .build();
        var results = new Runner(options).run();
        var table = Table.of("4. JMH (average time per operation, no I/O; 1 fork, 3 x 1 s warm-up, 5 x 1 s measured; error = 99.9% CI)", "benchmark", "params", "score", "error", "unit",
                "per item");
        var bars = new ArrayList<SvgChart.Bar>();
        for (RunResult result : results) {
            var benchmark = result.getParams().getBenchmark();
            var name = benchmark.substring(benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1) + 1);
            var params = result.getParams().getParamsKeys().stream()
                    .map(k -> k + "=" + result.getParams().getParam(k)).collect(Collectors.joining(","));
            var primary = result.getPrimaryResult();
            var perItem = "-";
            if (!params.isEmpty() && result.getParams().getParam("batchSize") != null) {
                perItem = fmt(primary.getScore() / Integer.parseInt(result.getParams().getParam("batchSize")))
                        + " " + primary.getScoreUnit();
            }
            table = table.with(name, params.isEmpty() ? "-" : params, fmt(primary.getScore()),
                    fmt(primary.getScoreError()), primary.getScoreUnit(), perItem);
            // The chart has room for the method and its parameter, not the class.
            var shortName = name.substring(name.lastIndexOf('.') + 1) + (params.isEmpty() ? "" : " " + params);
            bars.add(new SvgChart.Bar(shortName.replace("batchSize=", "batch "), primary.getScore()));
        }
        add(table);
        panels.add(new SvgChart.Panel("JMH", "us/op", bars));
    }

    // ---------------------------------------------------------------- output

    private void add(Table table) {
        tables.add(table);
        System.out.println(table.text());
    }

    private Table machine() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        long memory = os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getTotalMemorySize() : -1;
        return Table.of("Machine", "fact", "value")
                .with("CPU", cpuModel())
                .with("cores (available to the JVM)", Runtime.getRuntime().availableProcessors())
                .with("memory", fmt(memory / 1024.0 / 1024 / 1024) + " GiB")
                .with("OS", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"))
                .with("JDK", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"))
                .with("date (UTC)", Instant.now().atOffset(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS));
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private void writeReport(Duration took) throws IOException {
        var md = new StringBuilder();
        md.append("# Benchmarks\n\n");
        md.append("Written by `bin/benchmark` (io.tourists.bench.BenchmarkSuite) in ").append(fmt(took.toSeconds() / 60.0))
                .append(" min. Every figure below comes from that run; nothing is edited by hand except the")
                .append(" sections after \"Figures\".\n\n");
        md.append("![charts](").append(relative(options.report(), options.chart())).append(")\n\n## Figures\n\n");
        for (var table : tables) {
            md.append("### ").append(table.title()).append("\n\n").append(table.markdown()).append('\n');
        }
        md.append("### Notes on what was measured\n\n");
        notes.forEach(note -> md.append("- ").append(note).append('\n'));
        md.append('\n');
        var analysis = Path.of("docs", "benchmarks-analysis.md");
        if (Files.exists(analysis)) {
            md.append(Files.readString(analysis));
        }
        Files.writeString(options.report(), md.toString());
        if (options.chart().getParent() != null) {
            Files.createDirectories(options.chart().getParent());
        }
        Files.writeString(options.chart(), SvgChart.render(panels));
        System.out.println("wrote " + options.report() + " and " + options.chart());
    }

    private static String relative(Path from, Path to) {
        var base = from.toAbsolutePath().getParent();
        return base.relativize(to.toAbsolutePath()).toString();
    }

    static String fmt(double value) {
        return SvgChart.format(value);
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }
}
