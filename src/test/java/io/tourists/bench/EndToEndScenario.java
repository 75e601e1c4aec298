package io.tourists.bench;

import static io.tourists.bench.LocalPipelines.seconds;
import static io.tourists.bench.Report.fmt;

import io.tourists.db.DbSettings;
import io.tourists.local.sqs.EmbeddedSqs;
import io.tourists.local.PipelineRuntime;
import io.tourists.ops.load.LoadGenerator;
import io.tourists.ops.load.LoadPlan;
import io.tourists.ops.load.LoadReport;
import io.tourists.queue.WriteEnvelope;
import io.tourists.testing.Infrastructure;
import io.tourists.testing.Tourists;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * N writes over HTTP from C clients through the local pipeline, beside the queue's own ceiling (a plain SDK
 * client, no project code) and the synchronous design (validate and insert per request, a connection each).
 */
final class EndToEndScenario implements Scenario {

    private static final Duration LOAD_CAP = Duration.ofMinutes(3);
    private static final Duration COMMIT_WAIT = Duration.ofMinutes(3);
    private static final int WARMUP_REQUESTS = 2_000;

    private final PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());

    @Override
    public String name() {
        return "e2e";
    }

    @Override
    public String title() {
        return "1. End to end";
    }

    record PipelineRun(LoadReport load, Duration untilCommitted, long committed, int peakConnections,
                       int peakAllConnections, int pollers, int batchSize) {}

    record SyncRun(LoadReport load, int okAnswers, int peakConnections) {}

    @Override
    public void run(BenchOptions options, Report.Section section) throws Exception {
        var database = Infrastructure.database();
        var plan = "N=" + options.requests() + ", C=" + options.concurrency();

        System.out.println("end to end: the pipeline (" + plan + ") ...");
        var pipeline = pipelineRun(options, section);
        System.out.println("end to end: the queue's ceiling ...");
        var body = WriteEnvelope.encode(Tourists.upsert(UUID.randomUUID(), Instant.now().truncatedTo(ChronoUnit.MICROS),
                Tourists.ada()));
        // Warm the client and the queue first, as the pipeline was warmed.
        QueueCeiling.run(Infrastructure.sqsEndpoint(), EmbeddedSqs.REGION, WARMUP_REQUESTS, options.concurrency(),
                pipeline.pollers(), body);
        var ceiling = QueueCeiling.run(Infrastructure.sqsEndpoint(), EmbeddedSqs.REGION, options.requests(),
                options.concurrency(), pipeline.pollers(), body);
        System.out.println("end to end: the synchronous design ...");
        var sync = syncRun(options, section, database.jdbcUrl(), database.user(), database.password());

        var load = pipeline.load();
        var latency = load.latency().orElseThrow();
        var syncLatency = sync.load().latency().orElseThrow();
        double committedPerSecond = pipeline.committed() / seconds(pipeline.untilCommitted());
        double syncPerSecond = sync.okAnswers() / seconds(sync.load().elapsed());
        section.add(Table.of("1. End to end (" + plan + ", 127.0.0.1, everything on this machine)",
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
                        sync.load().statuses()));
        section.add(Table.of("1b. Ratios", "ratio", "value")
                .with("pipeline committed/s / queue ceiling msgs/s", fmt(committedPerSecond / ceiling.perSecond()))
                .with("pipeline accepted/s / queue ceiling msgs/s", fmt(load.acceptedPerSecond() / ceiling.perSecond()))
                .with("peak DB connections: pipeline vs synchronous", pipeline.peakConnections() + " vs " + sync.peakConnections())
                .with("API p99: pipeline vs synchronous (ms)", fmt(latency.p99()) + " vs " + fmt(syncLatency.p99()))
                .with("committed/s: pipeline / synchronous", fmt(committedPerSecond / syncPerSecond)));
        section.panel(new SvgChart.Panel("End to end, " + plan, "writes or messages per second", List.of(
                new SvgChart.Bar("pipeline accepted/s", load.acceptedPerSecond()),
                new SvgChart.Bar("pipeline committed/s", committedPerSecond),
                new SvgChart.Bar("queue ceiling msgs/s", ceiling.perSecond()),
                new SvgChart.Bar("synchronous CRUD committed/s", syncPerSecond))));
        section.panel(new SvgChart.Panel("API p99 latency, " + plan, "ms", List.of(
                new SvgChart.Bar("pipeline (202 after enqueue)", latency.p99()),
                new SvgChart.Bar("synchronous CRUD (201 after insert)", syncLatency.p99()))));
        section.panel(new SvgChart.Panel("Peak PostgreSQL connections, " + plan, "connections", List.of(
                new SvgChart.Bar("pipeline (consumer pools)", pipeline.peakConnections()),
                new SvgChart.Bar("synchronous CRUD", sync.peakConnections()))));

        double ratio = committedPerSecond / ceiling.perSecond();
        section.target("pipeline vs queue ceiling", ">= 0.7 x", fmt(ratio) + " x", ratio >= 0.7);
        section.target("10k HTTP writes committed", "<= 5 s", fmt(seconds(pipeline.untilCommitted())) + " s for "
                + options.requests(), seconds(pipeline.untilCommitted()) <= 5);
        section.target("API p99 at " + options.concurrency() + " clients", "<= 15 ms", fmt(latency.p99()) + " ms",
                latency.p99() <= 15);
        int cap = pipeline.pollers() * DbSettings.DEFAULT_POOL_SIZE;
        section.target("peak DB connections (pipeline)", "<= MaximumConcurrency x pool size = " + cap,
                pipeline.peakConnections() + "", pipeline.peakConnections() <= cap);
        section.target("synchronous design: one connection per in-flight request", "up to " + options.concurrency(),
                sync.peakConnections() + " (sampled every " + DatabaseSampler.INTERVAL_MS + " ms)",
                sync.peakConnections() > pipeline.peakAllConnections());
    }

    private PipelineRun pipelineRun(BenchOptions options, Report.Section section) throws Exception {
        var database = Infrastructure.database();
        var queues = Infrastructure.newQueues("bench-e2e", 5, Duration.ofSeconds(190), false);
        try (var runtime = PipelineRuntime.start(LocalPipelines.settings(queues, Map.of()), quiet);
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
                section.note("Pipeline: peak connections by application_name (each name's own peak): " + sampler.peaks()
                        + "; most in one sample, all names but the harness's pool: " + sampler.peakAll());
                return new PipelineRun(load, Duration.ofNanos(seen - start), load.accepted(),
                        sampler.peak("tourists-consumer"), sampler.peakAll(),
                        LocalPipelines.templateDefault("ConsumerMaxConcurrency"),
                        LocalPipelines.templateDefault("ConsumerBatchSize"));
            }
        }
    }

    private SyncRun syncRun(BenchOptions options, Report.Section section, String jdbcUrl, String user, String password)
            throws Exception {
        try (var server = new SyncCrudServer(new SyncCrudHandler(jdbcUrl, user, password));
             var generator = new LoadGenerator()) {
            generator.run(new LoadPlan(server.uri(), WARMUP_REQUESTS, options.concurrency(), LOAD_CAP, false));
            Infrastructure.resetDatabase();
            try (var sampler = new DatabaseSampler(jdbcUrl, user, password)) {
                var load = generator.run(new LoadPlan(server.uri(), options.requests(), options.concurrency(),
                        LOAD_CAP, false));
                Thread.sleep(3 * DatabaseSampler.INTERVAL_MS);
                section.note("Synchronous design: peak connections by application_name (each name's own peak; '(none)'"
                        + " is a connection still authenticating): " + sampler.peaks() + "; most in one sample: "
                        + sampler.peakAll());
                return new SyncRun(load, load.statuses().getOrDefault("201", 0), sampler.peakAll());
            }
        }
    }
}
