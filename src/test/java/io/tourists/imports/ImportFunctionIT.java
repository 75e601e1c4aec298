package io.tourists.imports;

import io.tourists.domain.Ids;
import io.tourists.lambda.AwsClients;
import io.tourists.lambda.FunctionSetup;
import io.tourists.local.s3.EmbeddedS3;
import io.tourists.ops.Cli;
import io.tourists.ops.ConsumerStack;
import io.tourists.queue.SqsClients;
import io.tourists.sync.HttpPages;
import io.tourists.sync.RowSource;
import io.tourists.sync.RunRecord;
import io.tourists.sync.SourceSync;
import io.tourists.sync.SqsBatchChannel;
import io.tourists.sync.SyncState;
import io.tourists.testing.PagedSource;
import io.tourists.testing.Rows;
import io.tourists.testing.TestQueues;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The import function and its sync against ElasticMQ, PostgreSQL (through the real consumer), the in-process S3
 * store and a local paginated HTTP source with scripted faults. Each test has its own queues, bucket and e-mail
 * domain.
 */
class ImportFunctionIT {

    static final AtomicInteger BUCKETS = new AtomicInteger();
    static ConsumerStack stack;
    static EmbeddedS3 s3Store;
    static S3Client s3;

    @BeforeAll
    static void start() {
        stack = new ConsumerStack();
        s3Store = EmbeddedS3.start(0);
        s3 = S3Client.builder().endpointOverride(s3Store.endpoint()).forcePathStyle(true).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(EmbeddedS3.ACCESS_KEY,
                        EmbeddedS3.ACCESS_KEY)))
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
                .build();
    }

    @AfterAll
    static void stop() {
        s3.close();
        s3Store.close();
        stack.close();
    }

    static String bucket() {
        var name = "imports-" + BUCKETS.incrementAndGet();
        s3.createBucket(r -> r.bucket(name));
        return name;
    }

    static String row(String domain, int i, String firstName) {
        return "{\"touristId\":\"" + Ids.derived(domain + " " + i) + "\",\"firstName\":\"" + firstName
                + "\",\"lastName\":\"Lovelace\",\"email\":\"t" + i + "@" + domain
                + "\",\"nationality\":\"GB\",\"dateOfBirth\":\"1990-12-10\"}";
    }

    static List<String> rows(String domain, int count) {
        var rows = new ArrayList<String>();
        for (int i = 0; i < count; i++) {
            rows.add(row(domain, i, "Ada"));
        }
        return rows;
    }

    static long tourists(String domain) {
        return count("select count(*) from tourist where email like ? and not deleted", "%@" + domain);
    }

    static long count(String sql, Object... parameters) {
        return Rows.count(stack.dataSource, sql, parameters);
    }

    static Map<String, Object> uploadEvent(String bucket, String key, String eTag) {
        return Map.of("Records", List.of(Map.of("eventSource", "aws:s3", "eventName", "ObjectCreated:Put",
                "s3", Map.of("bucket", Map.of("name", bucket), "object", Map.of("key", key, "eTag", eTag)))));
    }

    static String upload(String bucket, String key, String text) {
        return s3.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromString(text)).eTag().replace("\"", "");
    }

    static ImportFunction function(String bucket, TestQueues queues, Map<String, String> more) {
        var env = new HashMap<>(Map.of("IMPORT_BUCKET", bucket, "WRITE_QUEUE_URL", queues.url(), "AWS_REGION", "us-east-1"));
        env.putAll(more);
        var aws = new AwsClients(timeout -> SqsClients.forEndpoint(stack.elasticMq.endpoint(), Region.US_EAST_1,
                Cli.LOCAL_CREDENTIALS, timeout), () -> {
            throw new IllegalStateException("no Secrets Manager here");
        });
        return new ImportFunction(FunctionSetup.of(env, aws), s3);
    }

    SourceSync sync(String bucket, String source, TestQueues queues, Duration lease) {
        return new SourceSync(new SyncState(s3, bucket, source),
                new SqsBatchChannel(stack.sqs, queues.url(), "import-"),
                new SourceSync.Settings(List.of(), true, SourceSync.Settings.DEFAULT_DELETE_SHARE, lease,
                        io.tourists.sync.BatchSender.Settings.of(8, Optional.empty())),
                Clock.systemUTC());
    }

    static HttpPages pages(PagedSource source) {
        var defaults = HttpPages.Settings.of(source.url(), HttpPages.Style.NEXT_LINK);
        return new HttpPages(new HttpPages.Settings(defaults.url(), defaults.style(), defaults.itemsField(),
                defaults.nextField(), defaults.pageParam(), defaults.cursorParam(), Optional.empty(),
                Duration.ofSeconds(5), 3, Duration.ofMillis(10)));
    }

    @Test
    void aTenThousandRowUpload_landsEachRowOnce_andTheSameFileAgainSendsNothing() {
        var bucket = bucket();
        var queues = stack.queues(5);
        var domain = "upload.example.com";
        var csv = new StringBuilder("firstName,lastName,email,nationality,dateOfBirth\n");
        for (int i = 0; i < 10_000; i++) {
            csv.append("Ada,Lovelace,t").append(i).append('@').append(domain).append(",GB,1990-12-10\n");
        }
        var eTag = upload(bucket, "incoming/partner/first.csv", csv.toString());
        try (var function = function(bucket, queues, Map.of())) {
            var event = uploadEvent(bucket, "incoming/partner/first.csv", eTag);
            assertThat(function.handleRequest(event, null)).containsEntry("partner", "completed");
            // S3 notifies at least once: the same notification again imports nothing (and records no run).
            assertThat(function.handleRequest(event, null)).containsEntry("partner", "skipped");
            // At least once: a SendMessageBatch that timed out on this busy machine after ElasticMQ stored it is sent
            // again, with the same writeIds, and the consumer applies it once.
            assertThat(TestQueues.depth(stack.sqs, queues.url())).isGreaterThanOrEqualTo(10_000);
            var consumed = stack.consumer(queues, stack.dataSource, 100).drain();
            assertThat(consumed.applied()).isEqualTo(10_000);
            assertThat(consumed.applied() + consumed.duplicates()).isEqualTo(consumed.received());
            assertThat(tourists(domain)).isEqualTo(10_000);

            var again = upload(bucket, "incoming/partner/second.csv", csv.toString());
            function.handleRequest(uploadEvent(bucket, "incoming/partner/second.csv", again), null);
            assertThat(TestQueues.depth(stack.sqs, queues.url())).isZero();
        }
        var runs = new SyncState(s3, bucket, "partner").lastRuns(10);
        assertThat(runs).extracting(RunRecord::outcome).containsExactly("completed", "completed");
        assertThat(runs.getFirst()).extracting(RunRecord::rowsRead, RunRecord::unchanged, RunRecord::sent)
                .containsExactly(10_000L, 10_000L, 0L);
        assertThat(runs.getLast()).extracting(RunRecord::rowsRead, RunRecord::valid, RunRecord::sent)
                .containsExactly(10_000L, 10_000L, 10_000L);
    }

    @Test
    void tenChangedAndFiveRemovedRows_sendExactlyFifteenWrites() {
        var bucket = bucket();
        var queues = stack.queues(5);
        var domain = "changes.example.com";
        try (var source = new PagedSource(100)) {
            var rows = rows(domain, 1_000);
            source.serve(rows);
            var sync = sync(bucket, "http", queues, Duration.ofMinutes(5));
            assertThat(sync.run(pages(source), "test", Optional.empty()).sent()).isEqualTo(1_000);
            stack.consumer(queues, stack.dataSource, 100).drain();

            var changed = new ArrayList<>(rows);
            for (int i = 0; i < 10; i++) {
                changed.set(i * 50, row(domain, i * 50, "Grace"));
            }
            for (int i = 0; i < 5; i++) {
                changed.remove(changed.size() - 1 - i * 7);
            }
            source.serve(changed);
            var run = sync.run(pages(source), "test", Optional.empty());

            assertThat(run).extracting(RunRecord::outcome, RunRecord::sent, RunRecord::deletesSent, RunRecord::unchanged)
                    .containsExactly("completed", 10L, 5L, 985L);
            assertThat(TestQueues.depth(stack.sqs, queues.url())).isGreaterThanOrEqualTo(15);
            var consumed = stack.consumer(queues, stack.dataSource, 100).drain();
            assertThat(consumed.applied()).isEqualTo(15);
            assertThat(consumed.received()).isEqualTo(15 + consumed.duplicates());
            assertThat(tourists(domain)).isEqualTo(995);
            assertThat(count("select count(*) from tourist where email like ? and first_name = 'Grace'", "%@" + domain))
                    .isEqualTo(10);
        }
    }

    @Test
    void removingHalfTheRows_holdsTheDeletes_untilAnOperatorConfirms() {
        var bucket = bucket();
        var queues = stack.queues(5);
        var domain = "half.example.com";
        try (var source = new PagedSource(50)) {
            var rows = rows(domain, 200);
            source.serve(rows);
            var sync = sync(bucket, "http", queues, Duration.ofMinutes(5));
            sync.run(pages(source), "test", Optional.empty());
            stack.consumer(queues, stack.dataSource, 100).drain();

            source.serve(rows.subList(0, 100));
            var held = sync.run(pages(source), "test", Optional.empty());
            assertThat(held).extracting(RunRecord::outcome, RunRecord::deletesSent, RunRecord::deletesHeld)
                    .containsExactly("completed", 0L, 100L);
            assertThat(held.note()).contains("held 100 deletes").contains("confirm-deletes --source http");
            assertThat(TestQueues.depth(stack.sqs, queues.url())).isZero();
            // Held again on the next run: nothing was forgotten.
            assertThat(sync.run(pages(source), "test", Optional.empty()).deletesHeld()).isEqualTo(100);

            new SyncState(s3, bucket, "http").confirmDeletes("test", Clock.systemUTC().instant());
            var confirmed = sync.run(pages(source), "test", Optional.empty());
            assertThat(confirmed).extracting(RunRecord::deletesSent, RunRecord::deletesHeld).containsExactly(100L, 0L);
            stack.consumer(queues, stack.dataSource, 100).drain();
            assertThat(tourists(domain)).isEqualTo(100);
        }
    }

    @Test
    void aPageThatFailsAfterItsRetries_failsTheRunAndDeletesNothing_andTheNextRunCompletes() {
        var bucket = bucket();
        var queues = stack.queues(5);
        var domain = "failing.example.com";
        try (var source = new PagedSource(100)) {
            var rows = rows(domain, 1_000);
            source.serve(rows);
            var sync = sync(bucket, "http", queues, Duration.ofMinutes(5));
            sync.run(pages(source), "test", Optional.empty());
            stack.consumer(queues, stack.dataSource, 100).drain();

            source.serve(rows.subList(0, 990));
            source.failPage(5, 3);
            var failed = sync.run(pages(source), "test", Optional.empty());
            assertThat(failed.outcome()).isEqualTo("failed");
            assertThat(failed.note()).contains("page 5").contains("HTTP 500").contains("after 3 tries");
            assertThat(failed.deletesSent()).isZero();
            assertThat(TestQueues.depth(stack.sqs, queues.url())).isZero();

            var next = sync.run(pages(source), "test", Optional.empty());
            assertThat(next).extracting(RunRecord::outcome, RunRecord::deletesSent, RunRecord::unchanged)
                    .containsExactly("completed", 10L, 990L);
            stack.consumer(queues, stack.dataSource, 100).drain();
            assertThat(tourists(domain)).isEqualTo(990);
        }
    }

    @Test
    void aRunKilledHalfWay_isRedoneWithItsWriteIds_andEachRowIsAppliedOnce() throws InterruptedException {
        var bucket = bucket();
        var queues = stack.queues(5);
        var domain = "killed.example.com";
        try (var source = new PagedSource(100)) {
            source.serve(rows(domain, 1_000));
            var sync = sync(bucket, "http", queues, Duration.ofSeconds(1));
            var pages = pages(source);
            RowSource dying = new RowSource() {
                @Override
                public String input() {
                    return pages.input();
                }

                @Override
                public void read(Set<String> known, List<String> keys, Consumer<Part> parts) {
                    pages.read(known, keys, part -> {
                        if (part.page() == 6) {
                            throw new Killed();
                        }
                        parts.accept(part);
                    });
                }
            };
            assertThatThrownBy(() -> sync.run(dying, "test", Optional.empty())).isInstanceOf(Killed.class);
            // Pages 1-5 were sent, or were being sent when the run died.
            assertThat(TestQueues.depth(stack.sqs, queues.url())).isPositive();
            var state = new SyncState(s3, bucket, "http");
            var deadRunId = state.pending().orElseThrow().runId();
            assertThat(state.lease()).isPresent();
            var firstHalf = stack.consumer(queues, stack.dataSource, 100).drain();
            assertThat(firstHalf.applied()).isPositive().isLessThanOrEqualTo(500);

            // The dead run's lease expires; the next run takes over its run id and read time.
            Thread.sleep(1_100);
            var redo = sync.run(pages(source), "test", Optional.empty());
            assertThat(redo).extracting(RunRecord::outcome, RunRecord::redo, RunRecord::runId, RunRecord::sent)
                    .containsExactly("completed", true, deadRunId, 1_000L);
            var secondPass = stack.consumer(queues, stack.dataSource, 100).drain();
            // The writes the dead run got through are sent again with their writeIds: the consumer ignores them.
            assertThat(secondPass.applied()).isEqualTo(1_000 - firstHalf.applied());
            assertThat(secondPass.duplicates()).isGreaterThanOrEqualTo(firstHalf.applied());
            assertThat(tourists(domain)).isEqualTo(1_000);
            assertThat(state.pending()).isEmpty();
        }
    }

    @Test
    void theCli_pullsFromATerminal_showsTheRuns_andConfirmsHeldDeletes() {
        var bucket = bucket();
        var queues = stack.queues(5);
        var domain = "cli.example.com";
        var cli = new Cli(Map.of("AWS_REGION", "us-east-1", "AWS_ENDPOINT_URL_SQS", stack.elasticMq.endpoint().toString(),
                "AWS_ENDPOINT_URL_S3", s3Store.endpoint().toString(), "IMPORT_BUCKET", bucket));
        try (var source = new PagedSource(50)) {
            var rows = rows(domain, 200);
            source.serve(rows);
            var first = cli.run("import", "--from", source.url().toString(), "--queue", queues.name());
            assertThat(first.exitCode()).as(first.err()).isZero();
            assertThat(first.out()).contains("completed", "read 200", "sent 200");

            source.serve(rows.subList(0, 100));
            var held = cli.run("import", "--from", source.url().toString(), "--queue", queues.name());
            assertThat(held.exitCode()).isEqualTo(1);
            assertThat(held.out()).contains("held 100 deletes", "deletes 0 sent, 100 held");

            var status = cli.run("import", "status", "--source", "http");
            assertThat(status.exitCode()).isEqualTo(1);
            assertThat(status.outLines()).filteredOn(line -> line.contains(" http ")).hasSize(2);

            var confirm = cli.run("import", "confirm-deletes", "--source", "http");
            assertThat(confirm.exitCode()).as(confirm.err()).isZero();
            var deleted = cli.run("import", "--from", source.url().toString(), "--queue", queues.name());
            assertThat(deleted.exitCode()).as(deleted.err()).isZero();
            assertThat(deleted.out()).contains("deletes 100 sent, 0 held");
        }
    }

    /** What the process dying looks like to the run: nothing after it runs. */
    static final class Killed extends Error {
    }

    @Test
    void anUploadNamesItsSource_byItsFolder() {
        assertThat(Imports.sourceOf("incoming/partner-a/2026-12-07.csv")).isEqualTo("partner-a");
        assertThat(Imports.sourceOf("incoming/2026-12-07.csv")).isEqualTo("files");
    }
}
