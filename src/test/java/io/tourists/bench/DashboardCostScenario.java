package io.tourists.bench;

import static io.tourists.bench.Report.fmt;

import com.fasterxml.jackson.databind.JsonNode;
import io.tourists.json.Json;
import io.tourists.local.PipelineRuntime;
import io.tourists.testing.Infrastructure;
import io.tourists.testing.TemplateConsumer;
import io.tourists.testing.TestQueues;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the local dashboard costs under load: the 1,000-client keep-alive spike ({@link ConnectionsScenario}'s
 * load) and a 10,000-row import ({@link ImportScenario}'s), each with the dashboard off and with the dashboard on
 * and a page reading its event stream, in alternated rounds (off first, then on first, ...), a fresh local
 * pipeline for each. The page is a client of the event stream in this JVM, not a browser: the runtime's cost
 * (sampler, stream, the functions' metrics hook) is what is measured, not a browser's rendering. With the page
 * open, the import is also read from the page: the backlog it saw rise and fall, and the applied total's growth,
 * which must be exactly the file's rows.
 *
 * <pre>
 * mvn -q test-compile exec:exec -Dexec.classpathScope=test -Dexec.executable=java \
 *     -Dexec.args="-Dhttp.maxConnections=200 -cp %classpath io.tourists.bench.DashboardCostScenario 3"
 * </pre>
 */
public final class DashboardCostScenario implements Scenario {

    static final int ROUNDS = 3;
    static final int SPIKE_CLIENTS = 1_000;
    static final int SPIKE_REQUESTS_PER_CLIENT = 5;
    private static final byte[] BODY = """
            {"firstName":"Ada","lastName":"Lovelace","email":"ada@example.com","nationality":"GB","dateOfBirth":"1990-12-10"}"""
            .getBytes(StandardCharsets.UTF_8);
    private static final Duration DRAIN_WAIT = Duration.ofMinutes(3);

    /** One variant's run: the spike's accepted writes per second and p99, the import's file-to-committed time. */
    record Measure(boolean page, int round, double spikePerSecond, double spikeP99, double importSeconds,
                   String fromThePage) {}

    @Override
    public String name() {
        return "dashboard";
    }

    @Override
    public String title() {
        return "7. The local dashboard's cost under load";
    }

    @Override
    public void run(BenchOptions options, Report.Section section) throws Exception {
        var measures = measure(options.drainMessages(), ROUNDS);
        section.add(table(measures));
        double spike = median(measures, true, Measure::spikePerSecond) / median(measures, false, Measure::spikePerSecond);
        double imports = median(measures, true, Measure::importSeconds) / median(measures, false, Measure::importSeconds);
        section.target("spike: accepted/s with the page / without (medians)", ">= 0.90", fmt(spike), spike >= 0.90);
        section.target("import: seconds with the page / without (medians)", "<= 1.10", fmt(imports), imports <= 1.10);
        measures.stream().filter(Measure::page).forEach(m -> section.note("Round " + (m.round() + 1)
                + ", read from the page during the import: " + m.fromThePage() + "."));
        var spikes = measures.stream().mapToDouble(Measure::spikePerSecond).summaryStatistics();
        section.note("Alternated rounds, a fresh pipeline for each run; the page is a client of the event stream in"
                + " this JVM (what the runtime pays), not a browser. Other work shared this machine's two cores while"
                + " it ran: the spike's rate went from " + fmt(spikes.getMin()) + " to " + fmt(spikes.getMax())
                + " 202/s across runs of either kind, far more than any difference between the two. Read the medians'"
                + " ratio as: no cost this machine can resolve, not as a gain.");
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : ROUNDS;
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        var measures = measure(rows, rounds);
        System.out.println(table(measures).text());
        measures.stream().filter(Measure::page).forEach(m -> System.out.println("round " + (m.round() + 1) + ": " + m.fromThePage()));
        System.exit(0);
    }

    static List<Measure> measure(int rows, int rounds) throws Exception {
        var queues = Infrastructure.newQueues("bench-dashboard", TemplateConsumer.maxReceiveCount(),
                TemplateConsumer.visibilityTimeout(), false);
        var directory = Files.createTempDirectory("bench-dashboard");
        ImportScenario.cli(queues, List.of("--version"));   // builds the CLI if target/ is not current: not timed
        var measures = new ArrayList<Measure>();
        for (int round = 0; round < rounds; round++) {
            for (boolean page : round % 2 == 0 ? new boolean[] {false, true} : new boolean[] {true, false}) {
                System.out.println("dashboard: round " + (round + 1) + ", " + (page ? "page open" : "no dashboard") + " ...");
                measures.add(once(queues, directory, rows, round, page));
            }
        }
        return measures;
    }

    private static Measure once(TestQueues queues, Path directory, int rows, int round, boolean page) throws Exception {
        Infrastructure.resetDatabase();
        var settings = LocalPipelines.settings(queues, Map.of());
        try (var runtime = PipelineRuntime.start(page ? settings.withDashboard(0) : settings,
                new PrintStream(OutputStream.nullOutputStream()))) {
            var watcher = page ? PageWatcher.open(runtime.dashboardUri().orElseThrow()) : null;
            try {
                KeepAliveLoad.run(runtime.apiUri(), "/tourists", BODY, 50, 10);   // warm-up
                Infrastructure.drained(queues.url(), DRAIN_WAIT);
                var spike = KeepAliveLoad.run(runtime.apiUri(), "/tourists", BODY, SPIKE_CLIENTS, SPIKE_REQUESTS_PER_CLIENT);
                double perSecond = spike.status(202) / LocalPipelines.seconds(spike.elapsed());
                if (!Infrastructure.drained(queues.url(), DRAIN_WAIT)) {
                    throw new IllegalStateException("the spike's writes did not drain in " + DRAIN_WAIT);
                }
                var file = ImportScenario.write(directory.resolve("round-" + round + "-" + page + ".csv"), rows,
                        "dashboard-" + round + "-" + page);
                long appliedBefore = 0;
                if (watcher != null) {
                    // The queue is empty and the spike's metrics are in: wait for a sample taken after that.
                    watcher.awaitSampleAfter(System.currentTimeMillis());
                    appliedBefore = watcher.applied();
                    watcher.resetPeak();
                }
                long start = System.nanoTime();
                var summary = ImportScenario.importFile(queues, file);
                double seconds = (System.nanoTime() - start) / 1e9;
                if (summary.path("committed").asLong() != rows) {
                    throw new IllegalStateException("the import committed " + summary.path("committed") + " of " + rows);
                }
                var fromThePage = "";
                if (watcher != null) {
                    fromThePage = watcher.importSeen(appliedBefore, rows);
                }
                return new Measure(page, round, perSecond, spike.percentile(99), seconds, fromThePage);
            } finally {
                if (watcher != null) {
                    watcher.close();
                }
            }
        }
    }

    /** What the page showed of the import: the backlog's peak and end, and the applied total's growth. */
    private static final class PageWatcher implements AutoCloseable {
        private final AtomicReference<JsonNode> last = new AtomicReference<>();
        private final AtomicLong peak = new AtomicLong();
        private final Thread reader;

        private PageWatcher(URI events) {
            var http = HttpClient.newHttpClient();
            reader = Thread.ofVirtual().start(() -> {
                try {
                    http.send(HttpRequest.newBuilder(events).build(), HttpResponse.BodyHandlers.ofLines()).body()
                            .filter(line -> line.startsWith("data: {"))
                            .forEach(line -> {
                                try {
                                    var sample = Json.readTree(line.substring("data: ".length()));
                                    last.set(sample);
                                    peak.accumulateAndGet(sample.path("backlog").path("left").asLong(), Math::max);
                                } catch (Exception e) {
                                    throw new IllegalStateException(e);
                                }
                            });
                } catch (Exception e) {
                    // closed: the run is over
                }
            });
        }

        static PageWatcher open(URI dashboard) throws InterruptedException {
            var watcher = new PageWatcher(dashboard.resolve("/events"));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (watcher.last.get() == null && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            return watcher;
        }

        long applied() {
            return last.get() == null ? 0 : last.get().path("consumer").path("applied").asLong();
        }

        void awaitSampleAfter(long millis) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (last.get().path("time").asLong() <= millis && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        }

        void resetPeak() {
            peak.set(0);
        }

        /** Waits for the page's backlog to end and its applied total to settle; says what it saw. */
        String importSeen(long appliedBefore, int rows) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline && !(applied() - appliedBefore == rows
                    && last.get().path("backlog").path("endedAt").asLong() > 0)) {
                Thread.sleep(200);
            }
            long grew = applied() - appliedBefore;
            var backlog = last.get().path("backlog");
            if (grew != rows) {
                throw new IllegalStateException("the page's applied total grew by " + grew + ", not " + rows);
            }
            return "backlog rose to " + peak.get() + " messages and fell to " + backlog.path("left").asLong()
                    + (backlog.path("endedAt").asLong() > 0 ? " (drained)" : " (not drained yet)")
                    + "; applied grew by " + grew;
        }

        @Override
        public void close() {
            reader.interrupt();
        }
    }

    static Table table(List<Measure> measures) {
        var table = Table.of("7. " + SPIKE_CLIENTS + " keep-alive clients x " + SPIKE_REQUESTS_PER_CLIENT
                        + " POSTs, and a 10,000-row import, without and with the dashboard page open (alternated rounds)",
                "round", "dashboard", "spike: 202/s", "spike: p99 ms", "import: file -> committed (s)");
        for (var m : measures) {
            table = table.with(m.round() + 1, m.page() ? "on, page open" : "off", fmt(m.spikePerSecond()),
                    fmt(m.spikeP99()), fmt(m.importSeconds()));
        }
        double spikeOff = median(measures, false, Measure::spikePerSecond);
        double spikeOn = median(measures, true, Measure::spikePerSecond);
        double importOff = median(measures, false, Measure::importSeconds);
        double importOn = median(measures, true, Measure::importSeconds);
        return table.with("median", "off", fmt(spikeOff), fmt(median(measures, false, Measure::spikeP99)), fmt(importOff))
                .with("median", "on, page open", fmt(spikeOn), fmt(median(measures, true, Measure::spikeP99)), fmt(importOn))
                .with("ratio", "on / off", fmt(spikeOn / spikeOff), fmt(median(measures, true, Measure::spikeP99)
                        / median(measures, false, Measure::spikeP99)), fmt(importOn / importOff));
    }

    private static double median(List<Measure> measures, boolean page,
                                 java.util.function.ToDoubleFunction<Measure> figure) {
        var values = measures.stream().filter(m -> m.page() == page).mapToDouble(figure).sorted().toArray();
        return values.length == 0 ? Double.NaN : values[values.length / 2];
    }

}
