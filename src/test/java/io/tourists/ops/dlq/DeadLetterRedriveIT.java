package io.tourists.ops.dlq;

import com.fasterxml.jackson.databind.JsonNode;
import io.tourists.db.StoredTourist;
import io.tourists.domain.TouristWrite;
import io.tourists.json.Json;
import io.tourists.ops.ConsumerStack;
import io.tourists.testing.TestQueues;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.tourists.ops.ConsumerStack.upsert;
import static io.tourists.ops.ConsumerStack.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator's story, end to end: writes fail (poison, and a database outage), the operator looks at the
 * dead-letter queue, fixes nothing, redrives, and the consumer sorts it out: valid writes applied once, never
 * over newer data, poison parked again with its reason.
 */
class DeadLetterRedriveIT {

    static final String BAD_EMAIL = """
            {"type":"tourist.upserted","schemaVersion":1,"writeId":"0190f5a0-0000-7000-8000-000000000001",\
            "touristId":"0190f5a0-0000-7000-8000-0000000000aa","occurredAt":"2026-01-01T00:00:00Z",\
            "tourist":{"firstName":"Ada","lastName":"Lovelace","email":"not-an-email","nationality":"GB",\
            "dateOfBirth":"1990-12-10"}}""";
    static final String NOT_JSON = "tourist: Ada Lovelace";

    static ConsumerStack pipeline;

    @BeforeAll
    static void start() {
        pipeline = new ConsumerStack();
    }

    @AfterAll
    static void stop() {
        pipeline.close();
    }

    /** What the dead-letter queue holds after a bad day, and the writes behind it. */
    record BadDay(TestQueues queues, TouristWrite ada, TouristWrite oldGrace, UUID adaId, UUID graceId) {}

    /**
     * Two poison messages parked by the consumer with their reason; then, while the database is down, a write
     * for Ada (sent twice, as a publisher's retry would) and an old write for Grace exhaust maxReceiveCount
     * and the queue moves them to the DLQ with no reason recorded.
     */
    BadDay badDay() {
        var queues = pipeline.queues(2);
        pipeline.sendRaw(queues, BAD_EMAIL);
        pipeline.sendRaw(queues, NOT_JSON);
        var parked = pipeline.consumer(queues, pipeline.dataSource).drain();
        assertThat(parked.refused()).isEqualTo(2);

        var adaId = UUID.randomUUID();
        var graceId = UUID.randomUUID();
        var now = Instant.now();
        var ada = upsert(adaId, now.minus(10, ChronoUnit.MINUTES), "Ada");
        var oldGrace = upsert(graceId, now.minus(10, ChronoUnit.MINUTES), "Grace");
        pipeline.send(queues, ada);
        pipeline.send(queues, ada);
        pipeline.send(queues, oldGrace);
        try (var down = ConsumerStack.unreachableDatabase()) {
            var failing = pipeline.consumer(queues, down);
            waitUntil(Duration.ofSeconds(60), () -> {
                failing.mapping().pollOnce(Duration.ofSeconds(1));
                return TestQueues.visible(pipeline.sqs, queues.deadLetterUrl()) == 5;
            }, "the database outage moved three writes to the DLQ");
        }
        return new BadDay(queues, ada, oldGrace, adaId, graceId);
    }

    @Test
    void peekShowsWhyEachMessageFailed_andLeavesEveryMessageOnTheQueue() {
        var day = badDay();
        var cli = pipeline.cli();

        var peek = cli.run("dlq", "peek", "--queue", day.queues().name());

        assertThat(peek.exitCode()).as(peek.err()).isZero();
        assertThat(peek.out())
                .contains(day.queues().deadLetterName() + " at " + pipeline.elasticMq.endpoint() + ": read 5 of ~5 messages")
                .contains("visible again")
                .contains("tourist.email: must be an address like name@example.com")
                .contains("$: is not JSON")
                .contains("retries-exhausted (no reason recorded)")
                .contains("write:   tourist.upserted tourist " + day.adaId());
        assertThat(peek.outLines()).filteredOn(line -> line.matches("\\[\\d] invalid-message .*")).hasSize(2);
        assertThat(peek.outLines()).filteredOn(line -> line.startsWith("[") && line.contains("retries-exhausted")).hasSize(3);

        var stats = cli.run("dlq", "stats", "--queue", day.queues().name(), "--json");
        var dead = parse(stats.out()).get("deadLetterQueue");
        assertThat(dead.get("visible").asLong()).as("nothing was consumed").isEqualTo(5);
        assertThat(dead.get("inFlight").asLong()).as("everything is visible again").isZero();
        assertThat(dead.get("oldestAgeSeconds").isNumber()).isTrue();
    }

    @Test
    void peekFiltersByReasonAndByTourist_andPrintsOneJsonObjectPerLine() {
        var day = badDay();
        var cli = pipeline.cli();

        var poison = cli.run("dlq", "peek", "--queue", day.queues().name(), "--reason", "invalid-message", "--json");
        var exhausted = cli.run("dlq", "peek", "--queue", day.queues().name(), "--reason", "retries-exhausted", "--json");
        var grace = cli.run("dlq", "peek", "--queue", day.queues().name(), "--tourist-id", day.graceId().toString(), "--json");

        var poisonLines = lines(poison.out());
        assertThat(poisonLines).hasSize(2).allSatisfy(line -> {
            assertThat(line.get("reason").asText()).isEqualTo("invalid-message");
            assertThat(line.get("reasonRecorded").asBoolean()).isTrue();
            assertThat(line.get("valid").asBoolean()).isFalse();
            assertThat(line.get("sourceReceiveCount").asInt()).isEqualTo(1);
            assertThat(line.has("firstSeen")).isTrue();
            assertThat(line.get("errors")).isNotEmpty();
        });
        assertThat(poisonLines).extracting(line -> line.get("body").asText()).containsExactlyInAnyOrder(BAD_EMAIL, NOT_JSON);
        assertThat(poison.err()).contains("read 5 of ~5 messages, 2 shown");

        assertThat(lines(exhausted.out())).hasSize(3).allSatisfy(line -> {
            assertThat(line.get("reasonRecorded").asBoolean()).isFalse();
            assertThat(line.get("valid").asBoolean()).isTrue();
            assertThat(line.get("receiveCount").asInt()).as("the write queue's receives, and this peek's")
                    .isGreaterThanOrEqualTo(2);
        });

        assertThat(lines(grace.out())).singleElement().satisfies(line -> {
            assertThat(line.get("touristId").asText()).isEqualTo(day.graceId().toString());
            assertThat(line.get("write").get("writeId").asText()).isEqualTo(day.oldGrace().writeId().toString());
            assertThat(line.get("correlationId").asText()).isEqualTo("corr-" + day.oldGrace().writeId());
        });
    }

    @Test
    void redriveAppliesValidWritesOnce_parksPoisonAgainWithItsReason_andNeverOverwritesNewerData() {
        var day = badDay();
        var consumer = pipeline.consumer(day.queues(), pipeline.dataSource);
        // The database is back; Grace changes her name meanwhile: a newer write than the one in the DLQ.
        var newGrace = upsert(day.graceId(), Instant.now().minus(1, ChronoUnit.MINUTES), "Gracie");
        pipeline.send(day.queues(), newGrace);
        assertThat(consumer.drain().applied()).isEqualTo(1);

        var redrive = pipeline.cli().run("dlq", "redrive", "--queue", day.queues().name(), "--rate", "10", "--wait");

        assertThat(redrive.exitCode()).as(redrive.err()).isZero();
        assertThat(redrive.out()).contains("redrive started: ~5 messages from " + day.queues().deadLetterName()
                + " to " + day.queues().name() + ", at most 10 per second");
        assertThat(redrive.err()).contains("COMPLETED");
        var report = consumer.drain();
        assertThat(report.received()).isEqualTo(5);
        assertThat(report.applied()).as("Ada's write").isEqualTo(1);
        assertThat(report.duplicates()).as("Ada's write again").isEqualTo(1);
        assertThat(report.stale()).as("Grace's old write").isEqualTo(1);
        assertThat(report.refused()).as("the poison, parked again").isEqualTo(2);

        assertThat(pipeline.store.find(day.adaId())).get().extracting(StoredTourist::version)
                .satisfies(version -> assertThat(version.writeId()).isEqualTo(day.ada().writeId()));
        assertThat(pipeline.store.find(day.graceId())).get().satisfies(grace -> {
            assertThat(grace.tourist().firstName()).isEqualTo("Gracie");
            assertThat(grace.version().writeId()).isEqualTo(newGrace.writeId());
        });

        var after = lines(pipeline.cli().run("dlq", "peek", "--queue", day.queues().name(), "--json").out());
        assertThat(after).hasSize(2).allSatisfy(line -> assertThat(line.get("reason").asText()).isEqualTo("invalid-message"));
        assertThat(after).extracting(line -> line.get("body").asText()).containsExactlyInAnyOrder(BAD_EMAIL, NOT_JSON);

        var status = pipeline.cli().run("dlq", "redrive", "--queue", day.queues().name(), "--status");
        assertThat(status.out()).contains("COMPLETED  moved 5 of ").contains(" to " + day.queues().name() + " at 10/s");
    }

    @Test
    void redriveOfAnEmptyDeadLetterQueueSaysSo_andStartsNothing() {
        var queues = pipeline.queues(2);

        var redrive = pipeline.cli().run("dlq", "redrive", "--queue", queues.name());
        var status = pipeline.cli().run("dlq", "redrive", "--queue", queues.name(), "--status");

        assertThat(redrive.exitCode()).isZero();
        assertThat(redrive.out()).isEqualTo("nothing to redrive: " + queues.deadLetterName() + " is empty\n");
        assertThat(status.out()).contains("no redrive has run on " + queues.deadLetterName());
    }

    @Test
    void cancelStopsARunningRedrive_andWhatMovedStaysMoved() {
        var queues = pipeline.queues(2);
        for (int i = 0; i < 20; i++) {
            var body = BAD_EMAIL.replace("000000000001", "%012d".formatted(i));
            pipeline.sqs.sendMessage(r -> r.queueUrl(queues.deadLetterUrl()).messageBody(body));
        }
        var cli = pipeline.cli();

        var started = cli.run("dlq", "redrive", "--queue", queues.name(), "--rate", "1");
        var cancelled = cli.run("dlq", "redrive", "--queue", queues.name(), "--cancel");
        var cancelAgain = cli.run("dlq", "redrive", "--queue", queues.name(), "--cancel");

        assertThat(started.exitCode()).as(started.err()).isZero();
        assertThat(cancelled.exitCode()).as(cancelled.err()).isZero();
        assertThat(cancelled.out()).startsWith("redrive cancelled: ");
        waitUntil(Duration.ofSeconds(10), () -> !cli.run("dlq", "redrive", "--queue", queues.name(), "--status")
                .out().contains("RUNNING"), "the task stops");
        assertThat(cancelAgain.exitCode()).isEqualTo(1);
        assertThat(cancelAgain.err()).isEqualTo("error: no redrive is running on " + queues.deadLetterName() + "\n");
        long moved = TestQueues.visible(pipeline.sqs, queues.url());
        assertThat(moved + TestQueues.visible(pipeline.sqs, queues.deadLetterUrl())).isEqualTo(20);
        assertThat(moved).isLessThan(20);
    }

    private static JsonNode parse(String json) {
        try {
            return Json.readTree(json);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    private static List<JsonNode> lines(String jsonLines) {
        return jsonLines.lines().map(DeadLetterRedriveIT::parse).toList();
    }
}
