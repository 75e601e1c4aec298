package io.tourists.bench;

import io.tourists.json.Json;
import io.tourists.json.TouristJson;
import io.tourists.local.sqs.EmbeddedSqs;
import io.tourists.local.PipelineRuntime;
import io.tourists.local.RuntimeSettings;
import io.tourists.testing.Infrastructure;
import io.tourists.testing.Tourists;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Benchmark scenario: writes per second through {@code POST /tourists/batch} (100 creates a request) beside single
 * {@code POST /tourists}, in one run on the local pipeline (template.yaml's settings, the suite's ElasticMQ and
 * PostgreSQL). The same writes and the same HTTP client for both; each mode is warmed first, then the table is
 * emptied. It measures writes accepted per second at the API, the requests' latency, and the time until every
 * accepted write is committed. Singles use {@code clients} concurrent clients; batches a tenth as many (at least
 * one), so that about as many writes are in flight. In the suite: {@code --requests} writes, {@code --concurrency}
 * clients; {@code bin/benchmark --only batch} runs it alone, and so does this class's main.
 *
 * <pre>
 * mvn -q test-compile exec:exec -Dexec.classpathScope=test -Dexec.executable=java \
 *     -Dexec.args="-cp %classpath io.tourists.bench.BatchEndpointScenario 10000 100"
 * </pre>
 */
public final class BatchEndpointScenario implements Scenario {

    static final int BATCH_SIZE = 100;
    private static final Duration COMMIT_WAIT = Duration.ofMinutes(3);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    /** One way of sending the writes: so many per request, from so many clients at once. */
    record Mode(String name, String path, int writesPerRequest, int clients) {}

    /** What one mode measured. */
    record Result(Mode mode, int writes, long accepted, Duration answered, Duration untilCommitted,
                  Map<String, Integer> statuses, double p50Millis, double p99Millis) {

        double acceptedPerSecond() {
            return accepted / (answered.toNanos() / 1e9);
        }

        double committedPerSecond() {
            return accepted / (untilCommitted.toNanos() / 1e9);
        }
    }

    @Override
    public String name() {
        return "batch";
    }

    @Override
    public String title() {
        return "2c. Batch endpoint";
    }

    @Override
    public void run(BenchOptions options, Report.Section section) throws Exception {
        System.out.println("batch: " + options.requests() + " creates, single and batched ...");
        section.add(table(run(options.requests(), options.concurrency())));
    }

    public static void main(String[] args) throws Exception {
        int writes = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        System.out.println(table(run(writes, clients)).text());
        System.exit(0);
    }

    /** The scenario's one table. */
    static Table table(List<Result> results) {
        var table = Table.of("Batch endpoint: " + results.getFirst().writes() + " creates through the local API,"
                        + " one per POST /tourists or " + BATCH_SIZE + " per POST /tourists/batch (same run)",
                "mode", "clients", "accepted writes/s", "request p50 ms", "request p99 ms", "all committed s",
                "committed writes/s", "statuses");
        for (var result : results) {
            table = table.with(result.mode().name(), result.mode().clients(), Report.fmt(result.acceptedPerSecond()),
                    Report.fmt(result.p50Millis()), Report.fmt(result.p99Millis()),
                    Report.fmt(result.untilCommitted().toNanos() / 1e9),
                    Report.fmt(result.committedPerSecond()), result.statuses());
        }
        return table;
    }

    static List<Result> run(int writes, int clients) throws Exception {
        var database = Infrastructure.database();
        var queues = Infrastructure.newQueues("bench-batch", 5, Duration.ofSeconds(190), false);
        var settings = new RuntimeSettings("127.0.0.1", 0,
                new RuntimeSettings.Sqs.ExistingQueues(Optional.of(Infrastructure.sqsEndpoint()),
                        Optional.of(EmbeddedSqs.REGION), queues.url(), queues.deadLetterUrl()),
                new RuntimeSettings.Database.Existing(database.jdbcUrl(), database.user(), database.password()),
                Path.of("template.yaml"), Map.of(), false, Duration.ZERO);
        var modes = List.of(new Mode("single POST /tourists", "/tourists", 1, clients),
                new Mode("POST /tourists/batch of " + BATCH_SIZE, "/tourists/batch", BATCH_SIZE, Math.max(1, clients / 10)));
        int warmup = Math.max(BATCH_SIZE, Math.min(2_000, writes / 5));
        var results = new ArrayList<Result>();
        try (var runtime = PipelineRuntime.start(settings, new PrintStream(OutputStream.nullOutputStream()));
             var http = new Driver()) {
            for (var mode : modes) {
                http.send(runtime.apiUri(), mode, warmup);
                Infrastructure.resetDatabase();
                try (var sampler = new DatabaseSampler(database.jdbcUrl(), database.user(), database.password())) {
                    long start = System.nanoTime();
                    var sent = http.send(runtime.apiUri(), mode, writes);
                    long seen = sampler.awaitRows(sent.accepted(), System.nanoTime() + COMMIT_WAIT.toNanos());
                    if (seen < 0) {
                        throw new IllegalStateException(mode.name() + ": only " + sampler.rows() + " of "
                                + sent.accepted() + " accepted writes were committed within " + COMMIT_WAIT);
                    }
                    results.add(new Result(mode, writes, sent.accepted(), Duration.ofNanos(sent.lastAnswer() - start),
                            Duration.ofNanos(seen - start), sent.statuses(), sent.percentileMillis(50),
                            sent.percentileMillis(99)));
                }
                Infrastructure.resetDatabase();
            }
        }
        return results;
    }

    /** What one mode's requests got back. */
    record Sent(long accepted, long lastAnswer, Map<String, Integer> statuses, long[] latencies) {

        double percentileMillis(int percentile) {
            var sorted = latencies.clone();
            Arrays.sort(sorted);
            int at = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
            return sorted[Math.max(0, at)] / 1e6;
        }
    }

    /** Sends the writes as the mode says, one virtual thread per request, at most {@code clients} in flight. */
    private static final class Driver implements AutoCloseable {

        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newVirtualThreadPerTaskExecutor()).build();

        Sent send(URI api, Mode mode, int writes) throws InterruptedException {
            int requests = (writes + mode.writesPerRequest() - 1) / mode.writesPerRequest();
            var bodies = IntStream.range(0, requests).mapToObj(i -> body(mode, Math.min(mode.writesPerRequest(),
                    writes - i * mode.writesPerRequest()))).toList();
            var permits = new Semaphore(mode.clients());
            var accepted = new AtomicInteger();
            var answered = new AtomicInteger();
            var latencies = new long[requests];
            var last = new java.util.concurrent.atomic.AtomicLong();
            var statuses = new ConcurrentHashMap<String, AtomicInteger>();
            var target = api.resolve(mode.path());
            try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
                for (var body : bodies) {
                    permits.acquire();
                    threads.submit(() -> {
                        long begin = System.nanoTime();
                        try {
                            var response = http.send(HttpRequest.newBuilder(target).timeout(REQUEST_TIMEOUT)
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                                    HttpResponse.BodyHandlers.ofString());
                            long end = System.nanoTime();
                            latencies[answered.getAndIncrement()] = end - begin;
                            last.accumulateAndGet(end, Math::max);
                            statuses.computeIfAbsent(Integer.toString(response.statusCode()), s -> new AtomicInteger())
                                    .incrementAndGet();
                            accepted.addAndGet(acceptedWrites(mode, response));
                        } catch (Exception e) {
                            statuses.computeIfAbsent("error: " + e.getClass().getSimpleName(), s -> new AtomicInteger())
                                    .incrementAndGet();
                        } finally {
                            permits.release();
                        }
                    });
                }
            }
            var counts = new TreeMap<String, Integer>();
            statuses.forEach((status, count) -> counts.put(status, count.get()));
            return new Sent(accepted.get(), last.get(), counts, Arrays.copyOf(latencies, answered.get()));
        }

        private static String body(Mode mode, int writes) {
            var tourist = Json.write(TouristJson.write(Tourists.named("Ada")));
            if (mode.writesPerRequest() == 1) {
                return tourist;
            }
            return IntStream.range(0, writes).mapToObj(i -> "{\"action\":\"create\",\"tourist\":" + tourist + "}")
                    .collect(Collectors.joining(",", "{\"writes\":[", "]}"));
        }

        /** 202: every write of the request; 207: those whose result says accepted. */
        private static int acceptedWrites(Mode mode, HttpResponse<String> response) throws Exception {
            if (response.statusCode() == 202) {
                return mode.writesPerRequest() == 1 ? 1 : Json.readTree(response.body()).path("results").size();
            }
            if (response.statusCode() != 207) {
                return 0;
            }
            int accepted = 0;
            for (var result : Json.readTree(response.body()).path("results")) {
                accepted += result.path("status").asText().equals("accepted") ? 1 : 0;
            }
            return accepted;
        }

        @Override
        public void close() {
            http.close();
        }
    }
}
