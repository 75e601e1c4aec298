package io.tourists.bench;

import io.tourists.domain.Ids;
import io.tourists.local.PipelineRuntime;
import io.tourists.local.RuntimeSettings;
import io.tourists.local.s3.EmbeddedS3;
import io.tourists.local.sqs.EmbeddedSqs;
import io.tourists.queue.SqsClients;
import io.tourists.sync.BatchSender;
import io.tourists.sync.HttpPages;
import io.tourists.sync.RunRecord;
import io.tourists.sync.SourceSync;
import io.tourists.sync.SqsBatchChannel;
import io.tourists.sync.SyncState;
import io.tourists.testing.Infrastructure;
import io.tourists.testing.PagedSource;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Benchmark scenario: the import function's sync of a local paginated source of 10,000 rows (pages of 500), on
 * the local pipeline (template.yaml's consumer, in this JVM, on the embedded ElasticMQ and PostgreSQL), with its
 * state in the in-process S3 store. The sync runs as the function runs it ({@link SourceSync} with the SQS
 * sender), in this JVM. Four runs: the first (to every row committed), an unchanged one, one with 10 changed and 5
 * removed rows, and one whose page 10 fails after its 3 tries, followed by the run that completes.
 */
public final class SyncScenario implements Scenario {

    static final int ROWS = 10_000;
    static final int PAGE = 500;
    private static final String DOMAIN = "sync.example.com";
    private static final String WARMUP = "warmup.sync.example.com";

    @Override
    public String name() {
        return "sync";
    }

    @Override
    public String title() {
        return "2b2. Recurring import: a paginated source, changes only";
    }

    @Override
    public void run(BenchOptions options, Report.Section section) throws Exception {
        var database = Infrastructure.database();
        Infrastructure.resetDatabase();
        var queues = Infrastructure.newQueues("bench-sync", 5, Duration.ofSeconds(190), false);
        var settings = new RuntimeSettings("127.0.0.1", 0,
                new RuntimeSettings.Sqs.ExistingQueues(Optional.of(Infrastructure.sqsEndpoint()), Optional.of(EmbeddedSqs.REGION),
                        queues.url(), queues.deadLetterUrl()),
                new RuntimeSettings.Database.Existing(database.jdbcUrl(), database.user(), database.password()),
                Path.of("template.yaml"), Map.of(), false, Duration.ZERO);
        var table = Table.of("Sync of a paginated source of " + ROWS + " rows (pages of " + PAGE + ")", "run", "outcome",
                "sent", "deletes sent", "unchanged", "run (s)", "to committed (s)");
        try (var store = EmbeddedS3.start(0);
             var source = new PagedSource(PAGE);
             var s3 = S3Client.builder().endpointOverride(store.endpoint()).forcePathStyle(true).region(Region.US_EAST_1)
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                     .httpClient(UrlConnectionHttpClient.create()).build();
             var sqs = SqsClients.forEndpoint(Infrastructure.sqsEndpoint(), Region.of(EmbeddedSqs.REGION),
                     StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")), Duration.ofSeconds(10));
             var runtime = PipelineRuntime.start(settings, new PrintStream(OutputStream.nullOutputStream()))) {
            s3.createBucket(r -> r.bucket("bench-sync"));
            var channel = new SqsBatchChannel(sqs, queues.url(), "sync-");
            var syncSettings = new SourceSync.Settings(List.of(), true, SourceSync.Settings.DEFAULT_DELETE_SHARE,
                    Duration.ofMinutes(6), BatchSender.Settings.of(8, Optional.empty()));
            var sync = new SourceSync(new SyncState(s3, "bench-sync", "http"), channel, syncSettings, Clock.systemUTC());
            var pages = new HttpPages(new HttpPages.Settings(source.url(), HttpPages.Style.NEXT_LINK, "items", "next",
                    "page", "cursor", Optional.empty(), Duration.ofSeconds(10), 3, Duration.ofMillis(200)));
            // The warm-up, as the import scenario (2b) does it: a first sync of as many other tourists from a source
            // of its own (its own snapshot), then an empty database. Its figures are the cold first sync's.
            var warmupRows = new ArrayList<String>();
            for (int i = 0; i < ROWS; i++) {
                warmupRows.add(row(i, "Ada", WARMUP));
            }
            source.serve(warmupRows);
            var cold = timed(new SourceSync(new SyncState(s3, "bench-sync", "http-warmup"), channel, syncSettings,
                    Clock.systemUTC()), pages, ROWS, WARMUP);
            Infrastructure.resetDatabase();

            var rows = new ArrayList<String>();
            for (int i = 0; i < ROWS; i++) {
                rows.add(row(i, "Ada"));
            }
            source.serve(rows);

            var first = timed(sync, pages, ROWS);
            table = table.with("first, cold (the warm-up)", cold.run().outcome(), cold.run().sent(),
                    cold.run().deletesSent(), cold.run().unchanged(), Report.fmt(cold.run().durationSeconds()),
                    Report.fmt(cold.committedSeconds()));
            table = table.with("first, warm", first.run().outcome(), first.run().sent(), first.run().deletesSent(),
                    first.run().unchanged(), Report.fmt(first.run().durationSeconds()), Report.fmt(first.committedSeconds()));
            var unchanged = timed(sync, pages, ROWS);
            table = table.with("unchanged", unchanged.run().outcome(), unchanged.run().sent(), unchanged.run().deletesSent(),
                    unchanged.run().unchanged(), Report.fmt(unchanged.run().durationSeconds()), "-");

            var changed = new ArrayList<>(rows);
            for (int i = 0; i < 10; i++) {
                changed.set(i * 997, row(i * 997, "Grace"));
            }
            for (int i = 0; i < 5; i++) {
                changed.remove(changed.size() - 1 - i * 13);
            }
            source.serve(changed);
            var fifteen = timed(sync, pages, ROWS - 5);
            table = table.with("10 changed, 5 removed", fifteen.run().outcome(), fifteen.run().sent(),
                    fifteen.run().deletesSent(), fifteen.run().unchanged(), Report.fmt(fifteen.run().durationSeconds()),
                    Report.fmt(fifteen.committedSeconds()));

            source.serve(changed.subList(0, changed.size() - 100));
            source.failPage(10, 3);
            var failed = sync.run(pages, "benchmark", Optional.empty());
            table = table.with("page 10 fails, 100 removed", failed.outcome(), failed.sent(), failed.deletesSent(),
                    failed.unchanged(), Report.fmt(failed.durationSeconds()), "-");
            var next = timed(sync, pages, ROWS - 105);
            table = table.with("the next run", next.run().outcome(), next.run().sent(), next.run().deletesSent(),
                    next.run().unchanged(), Report.fmt(next.run().durationSeconds()), Report.fmt(next.committedSeconds()));
            section.add(table);
            section.target("first sync of " + ROWS + " rows, to committed (after a warm-up, as 2b)", "<= 10 s",
                    Report.fmt(first.committedSeconds()) + " s (cold: " + Report.fmt(cold.committedSeconds()) + " s)",
                    first.committedSeconds() <= 10);
            section.target("unchanged re-run", "<= 3 s, 0 writes", Report.fmt(unchanged.run().durationSeconds()) + " s, "
                    + unchanged.run().sent() + " writes", unchanged.run().durationSeconds() <= 3 && unchanged.run().sent() == 0);
            long fifteenWrites = fifteen.run().sent() + fifteen.run().deletesSent();
            section.target("10 changed + 5 removed", "exactly 15 writes", fifteenWrites + " writes", fifteenWrites == 15);
            section.target("a page failing half way", "nothing deleted; the next run completes",
                    failed.deletesSent() + " deleted; next run " + next.run().outcome(),
                    failed.deletesSent() == 0 && RunRecord.FAILED.equals(failed.outcome())
                            && RunRecord.COMPLETED.equals(next.run().outcome()));
            section.note("The sync runs in the benchmark's JVM beside the whole local stack (ElasticMQ, the event source"
                    + " mapping, the consumer), all on the 2 shared cores; the source is a local HTTP server. 'to committed'"
                    + " is from the run's start until PostgreSQL holds the source's tourists as sent.");
            section.note("The runs after the first are what a 5-minute schedule costs: an unchanged source is read, checked"
                    + " and compared, and sends nothing.");
            section.note("As in the import scenario (2b), a first sync of as many other tourists (from a source and"
                    + " snapshot of its own) warms the pipeline up, then the database is emptied: 'first, cold' is that"
                    + " warm-up, 'first, warm' the figure the target is read against. Unlike 2b, the warm-up also warms"
                    + " the sender's code (the CLI starts a fresh JVM per import), and the sender shares its JVM and cores"
                    + " with ElasticMQ and the consumer, which commit while it sends.");
            section.note("Pages are checked and sent while the next ones are read; one page at a time is sent, through"
                    + " the same 8 parallel SendMessageBatch senders as the CLI import, and up to 3 pages wait.");
        }
    }

    record Timed(RunRecord run, double committedSeconds) {}

    private static Timed timed(SourceSync sync, HttpPages pages, int expectedTourists) throws Exception {
        return timed(sync, pages, expectedTourists, DOMAIN);
    }

    private static Timed timed(SourceSync sync, HttpPages pages, int expectedTourists, String domain) throws Exception {
        long start = System.nanoTime();
        var run = sync.run(pages, "benchmark", Optional.empty());
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (tourists(domain) != expectedTourists && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return new Timed(run, (System.nanoTime() - start) / 1e9);
    }

    private static String row(int i, String firstName) {
        return row(i, firstName, DOMAIN);
    }

    private static String row(int i, String firstName, String domain) {
        return "{\"touristId\":\"" + Ids.derived("bench-sync " + domain + " " + i) + "\",\"firstName\":\"" + firstName
                + "\",\"lastName\":\"Lovelace\",\"email\":\"t" + i + "@" + domain + "\",\"nationality\":\"GB\","
                + "\"dateOfBirth\":\"1990-12-10\"}";
    }

    private static long tourists(String domain) throws SQLException {
        try (var connection = Infrastructure.dataSource().getConnection();
             var statement = connection.prepareStatement(
                     "select count(*) from tourist where email like ? and not deleted")) {
            statement.setString(1, "%@" + domain);
            try (var result = statement.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }
}
