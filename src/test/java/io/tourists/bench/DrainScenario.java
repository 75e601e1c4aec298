package io.tourists.bench;

import static io.tourists.bench.Report.fmt;

import io.tourists.local.PipelineRuntime;
import io.tourists.queue.WriteEnvelope;
import io.tourists.testing.Infrastructure;
import io.tourists.testing.Tourists;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/** M messages already queued, then the local pipeline started on them at several MaximumConcurrency x BatchSize. */
final class DrainScenario implements Scenario {

    private static final Duration COMMIT_WAIT = Duration.ofMinutes(3);

    private final PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());

    @Override
    public String name() {
        return "drain";
    }

    @Override
    public String title() {
        return "2. Drain";
    }

    @Override
    public void run(BenchOptions options, Report.Section section) throws Exception {
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
                    try (var runtime = PipelineRuntime.start(LocalPipelines.settings(queues, Map.of(
                            "ConsumerMaxConcurrency", Integer.toString(concurrency),
                            "ConsumerBatchSize", Integer.toString(batch))), quiet)) {
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
        section.add(table);
        section.note("Drain time runs from PipelineRuntime.start() (given the running queue and database: it reads the"
                + " template, checks the migrations, starts the HTTP front and the pollers) until the sampler sees"
                + " every row; so it includes that start, a few hundred ms. MaximumConcurrency 1 is not run: AWS accepts 2 to"
                + " 1000, and the local runtime refuses what AWS refuses.");
        section.panel(new SvgChart.Panel("Drain of " + messages + " queued messages", "rows per second", bars));
        section.target(messages + " queued drained", "<= 2 s", fmt(best) + " s (" + bestCase + ")", best <= 2);
    }

    private static void enqueue(String queueUrl, int messages) throws Exception {
        var sqs = Infrastructure.sqs();
        var now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        try (var senders = Executors.newFixedThreadPool(8)) {
            var futures = new ArrayList<Future<?>>();
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
}
