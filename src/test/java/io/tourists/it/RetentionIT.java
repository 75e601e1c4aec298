package io.tourists.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tourists.consumer.WriteBatchConsumer;
import io.tourists.db.TouristStore;
import io.tourists.db.WriteOutcome;
import io.tourists.db.WritePruning;
import io.tourists.db.WriteRejection;
import io.tourists.domain.FieldError;
import io.tourists.domain.Ids;
import io.tourists.domain.TouristWrite;
import io.tourists.lambda.FunctionSetup;
import io.tourists.migrate.AppRole;
import io.tourists.local.lambda.LocalContext;
import io.tourists.prune.PruneFunction;
import io.tourists.queue.MessageAttributes;
import io.tourists.queue.WriteEnvelope;
import io.tourists.testing.Infrastructure;
import io.tourists.testing.Pipeline;
import io.tourists.testing.Rows;
import io.tourists.testing.Tourists;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bounded storage without breaking last-writer-wins, on ElasticMQ and PostgreSQL: the consumer parks a write
 * older than the retention window (20 days here), and pruning removes only records of writes older than the
 * window and one more day, so nothing it removed can be applied again or bring a deleted tourist back.
 */
class RetentionIT {

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    private final Instant outside = now.minus(Duration.ofDays(25));
    private final Instant inside = now.minus(Duration.ofDays(10));
    private final TouristStore store = new TouristStore(Infrastructure.dataSource());
    private Pipeline pipeline;

    @BeforeEach
    void freshQueuesAndTables() {
        Infrastructure.resetDatabase();
        pipeline = new Pipeline(Infrastructure.newQueues("retention", 5, Duration.ofSeconds(2), false),
                Infrastructure.consumerDataSource(), Pipeline.batchesOf(10));
    }

    @Test
    void aWriteOlderThanTheWindowIsParkedAsTooOld_notApplied_andItsStatusSaysWhy() {
        var old = Tourists.upsert(UUID.randomUUID(), now.minus(Duration.ofDays(21)), Tourists.ada());
        pipeline.send(WriteEnvelope.encode(old));

        pipeline.drain();

        assertThat(Rows.tourist(old.touristId())).isNull();
        assertThat(Rows.count("select count(*) from applied_write")).isZero();
        var parked = Infrastructure.sqs().receiveMessage(r -> r.queueUrl(pipeline.queues.deadLetterUrl())
                .messageAttributeNames("All").waitTimeSeconds(1)).messages();
        assertThat(parked).singleElement().satisfies(message -> assertThat(
                message.messageAttributes().get(MessageAttributes.FAILURE_REASON).stringValue())
                .isEqualTo(WriteBatchConsumer.TOO_OLD));
        var status = Pipeline.body(pipeline.get("/tourists/" + old.touristId() + "/writes/" + old.writeId()));
        assertThat(status.get("status").textValue()).isEqualTo("rejected");
        assertThat(status.get("reason").textValue()).isEqualTo(WriteBatchConsumer.TOO_OLD);
    }

    @Test
    void pruningRemovesOnlyTheRecordsOfWritesOutsideTheWindow_andNeverALiveTourist() {
        var liveButOld = Tourists.upsert(UUID.randomUUID(), outside, Tourists.named("Old"));
        var oldTombstone = delete(UUID.randomUUID(), outside);
        var recentTombstone = delete(UUID.randomUUID(), inside);
        var recent = Tourists.upsert(UUID.randomUUID(), inside, Tourists.named("Recent"));
        var recordedLongAgo = UUID.randomUUID();
        var oldButRecordedNow = UUID.randomUUID();
        store.apply(List.of(liveButOld, oldTombstone, recentTombstone, recent), List.of(
                rejection(oldButRecordedNow, Optional.of(outside)),
                rejection(recordedLongAgo, Optional.of(inside))));
        Infrastructure.execute("update write_rejection set rejected_at = '%s' where write_id = '%s'"
                .formatted(outside, recordedLongAgo));
        var legacyOld = legacyRecord(outside);
        var legacyRecent = legacyRecord(inside);

        Map<String, Object> pruned;
        try (var prune = new PruneFunction(FunctionSetup.of(environment(), Infrastructure.awsClients()))) {
            pruned = prune.handleRequest(Map.of("source", "aws.events"),
                    new LocalContext("prune", 512, Duration.ofSeconds(120)));
        }

        assertThat(pruned).containsEntry("appliedWrites", 3L).containsEntry("rejections", 1L)
                .containsEntry("tombstones", 1L);
        assertThat(writeIds("select write_id from applied_write")).containsExactlyInAnyOrder(
                recentTombstone.writeId(), recent.writeId(), legacyRecent);
        assertThat(writeIds("select write_id from applied_write")).doesNotContain(legacyOld);
        assertThat(writeIds("select write_id from write_rejection")).as("rejections go by when they were recorded")
                .containsExactly(oldButRecordedNow);
        assertThat(Rows.tourist(liveButOld.touristId()).firstName()).as("a live tourist stays").isEqualTo("Old");
        assertThat(Rows.tourist(oldTombstone.touristId())).as("the old tombstone is gone").isNull();
        assertThat(Rows.tourist(recentTombstone.touristId()).deleted()).as("the recent tombstone stays").isTrue();
    }

    @Test
    void aPruneRunThatFindsAnotherRunningDeletesNothing_soRunsNeverOverlapEvenWithoutReservedConcurrency()
            throws SQLException {
        var oldTombstone = delete(UUID.randomUUID(), outside);
        store.apply(List.of(oldTombstone), List.of());
        var context = new LocalContext("prune", 512, Duration.ofSeconds(120));

        Map<String, Object> whileAnotherRuns;
        try (var another = Infrastructure.dataSource().getConnection();
             var lock = another.prepareStatement("select pg_advisory_lock(?)")) {
            lock.setLong(1, WritePruning.RUN_LOCK);
            lock.execute();
            try (var prune = new PruneFunction(FunctionSetup.of(environment(), Infrastructure.awsClients()))) {
                whileAnotherRuns = prune.handleRequest(Map.of(), context);
            }
            try (var unlock = another.prepareStatement("select pg_advisory_unlock(?)")) {
                unlock.setLong(1, WritePruning.RUN_LOCK);
                unlock.execute();
            }
        }
        assertThat(whileAnotherRuns).containsKey("skipped").doesNotContainKey("tombstones");
        assertThat(Rows.tourist(oldTombstone.touristId())).as("left to the run that holds the lock").isNotNull();

        Map<String, Object> alone;
        try (var prune = new PruneFunction(FunctionSetup.of(environment(), Infrastructure.awsClients()))) {
            alone = prune.handleRequest(Map.of(), context);
        }
        assertThat(alone).containsEntry("tombstones", 1L);
        assertThat(Rows.tourist(oldTombstone.touristId())).isNull();
    }

    @Test
    void aPrunedTombstoneCannotBeUndone_byALateOlderUpsertNorByARedeliveredDelete() {
        var touristId = UUID.randomUUID();
        var deleted = delete(touristId, outside);
        store.apply(List.of(deleted), List.of());
        try (var prune = new PruneFunction(FunctionSetup.of(environment(), Infrastructure.awsClients()))) {
            prune.handleRequest(Map.of(), new LocalContext("prune", 512, Duration.ofSeconds(120)));
        }
        assertThat(Rows.tourist(touristId)).isNull();

        pipeline.send(WriteEnvelope.encode(Tourists.upsert(touristId, outside.minus(Duration.ofHours(1)),
                Tourists.named("Ghost"))));
        pipeline.send(WriteEnvelope.encode(deleted));
        pipeline.drain();

        assertThat(Rows.tourist(touristId)).as("nothing brought back, nothing re-applied").isNull();
        assertThat(Rows.count("select count(*) from applied_write")).isZero();
        assertThat(Infrastructure.depth(pipeline.queues.deadLetterUrl())).as("both parked as too-old").isEqualTo(2);
    }

    @Test
    void aWriteRefusedThenRedrivenAndApplied_readsApplied_whenAPruneStopsHalfWay() {
        var write = Tourists.upsert(UUID.randomUUID(), outside, Tourists.ada());
        store.apply(List.of(), List.of(new WriteRejection(write.writeId(), write.touristId(), Optional.of(outside),
                WriteBatchConsumer.INVALID_MESSAGE, List.of())));
        store.apply(List.of(write), List.of());
        var asked = new AtomicInteger();

        new WritePruning(Infrastructure.dataSource(), WritePruning.DEFAULT_CHUNK_SIZE)
                .prune(now.minus(Duration.ofDays(21)), () -> asked.getAndIncrement() == 0);

        assertThat(status(write.touristId(), write.writeId()).get("status").textValue())
                .as("one chunk pruned, then the run stopped").isEqualTo("applied");
    }

    @Test
    void aDeleteWhoseTombstoneWasPrunedBeforeItsOlderRecord_readsAsPruned_notSuperseded() {
        var touristId = UUID.randomUUID();
        var writeId = legacyRecord(inside, touristId);   // its tourist row (the tombstone) is gone

        assertThat(status(touristId, writeId).get("status").textValue()).isEqualTo("pending");
    }

    @Test
    void anAppliedWriteStillCurrent_readsApplied_afterItsRecordIsPruned_alsoForAUuidV7PastTheWindow() {
        var keyed = Tourists.upsert(UUID.randomUUID(), outside, Tourists.named("Keyed"));
        var v7 = new TouristWrite.Upsert(Ids.newId(Clock.fixed(outside, ZoneOffset.UTC)), UUID.randomUUID(), outside,
                Tourists.named("Seven"));
        var deleted = delete(UUID.randomUUID(), inside);
        store.apply(List.of(keyed, v7, deleted), List.of());
        prune();
        assertThat(Rows.count("select count(*) from applied_write where occurred_at = '%s'".formatted(outside)))
                .as("their applied records are pruned").isZero();

        assertThat(status(keyed.touristId(), keyed.writeId()).get("status").textValue()).isEqualTo("applied");
        assertThat(status(v7.touristId(), v7.writeId()).get("status").textValue()).isEqualTo("applied");
        assertThat(status(deleted.touristId(), deleted.writeId()).get("status").textValue()).isEqualTo("applied");
        assertThat(pipeline.get("/tourists/" + keyed.touristId() + "/writes/" + v7.writeId()).getStatusCode())
                .as("asked under another tourist").isEqualTo(404);
    }

    @Test
    void aTooOldRejection_stillReadsRejected_afterTheNextHourlyPrune() {
        var old = Tourists.upsert(UUID.randomUUID(), now.minus(Duration.ofDays(21)), Tourists.ada());
        pipeline.send(WriteEnvelope.encode(old));
        pipeline.drain();

        var pruned = prune();

        assertThat(pruned).containsEntry("rejections", 0L);
        var status = status(old.touristId(), old.writeId());
        assertThat(status.get("status").textValue()).isEqualTo("rejected");
        assertThat(status.get("reason").textValue()).isEqualTo(WriteBatchConsumer.TOO_OLD);
    }

    @Test
    void aKeyedRetryStampedLater_keepsTheClaim_soItsRedriveAfterTheFirstCopyWouldBePrunedCannotUndoADelete() {
        var touristId = UUID.randomUUID();
        var first = Tourists.upsert(touristId, now.minus(Duration.ofDays(19)), Tourists.ada());
        var delete = delete(touristId, now.minus(Duration.ofDays(18)));
        // A keyed retry: the same writeId and body, stamped when the API took it again, 8 days later.
        var retry = new TouristWrite.Upsert(first.writeId(), touristId, now.minus(Duration.ofDays(11)),
                first.tourist());
        store.apply(List.of(first), List.of());
        store.apply(List.of(delete), List.of());
        assertThat(store.apply(List.of(retry), List.of())).containsEntry(retry.writeId(), WriteOutcome.DUPLICATE);

        // Two days on, the first copy and the delete are past the window and a day: both are pruned.
        new WritePruning(Infrastructure.dataSource(), WritePruning.DEFAULT_CHUNK_SIZE)
                .prune(now.minus(Duration.ofDays(17)), () -> true);
        // Another copy of the retry (parked on the DLQ with it, say) is redriven: it is not too old.
        var outcome = store.apply(List.of(retry), List.of());

        assertThat(outcome).containsEntry(retry.writeId(), WriteOutcome.DUPLICATE);
        assertThat(Rows.tourist(touristId)).as("the delete is not undone").isNull();
    }

    private Map<String, Object> prune() {
        try (var prune = new PruneFunction(FunctionSetup.of(environment(), Infrastructure.awsClients()))) {
            return prune.handleRequest(Map.of("source", "aws.events"),
                    new LocalContext("prune", 512, Duration.ofSeconds(120)));
        }
    }

    private JsonNode status(UUID touristId, UUID writeId) {
        return Pipeline.body(pipeline.get("/tourists/" + touristId + "/writes/" + writeId));
    }

    private static Map<String, String> environment() {
        // Prune logs in as its role, which may select and delete, as on AWS.
        var env = new HashMap<>(Infrastructure.databaseVariables(AppRole.PRUNE));
        env.put("WRITE_RETENTION_DAYS", "20");
        return env;
    }

    private static TouristWrite.Delete delete(UUID touristId, Instant occurredAt) {
        return new TouristWrite.Delete(UUID.randomUUID(), touristId, occurredAt);
    }

    private static WriteRejection rejection(UUID writeId, Optional<Instant> occurredAt) {
        return new WriteRejection(writeId, UUID.randomUUID(), occurredAt, WriteBatchConsumer.INVALID_MESSAGE,
                List.of(new FieldError("tourist.email", "invalid", "must be an email address")));
    }

    /** A record written before migration V2: no occurred_at, only when it was applied. */
    private static UUID legacyRecord(Instant appliedAt) {
        return legacyRecord(appliedAt, UUID.randomUUID());
    }

    private static UUID legacyRecord(Instant appliedAt, UUID touristId) {
        var writeId = UUID.randomUUID();
        try (var connection = Infrastructure.dataSource().getConnection();
             var statement = connection.prepareStatement(
                     "insert into applied_write (write_id, tourist_id, applied_at) values (?, ?, ?)")) {
            statement.setObject(1, writeId);
            statement.setObject(2, touristId);
            statement.setTimestamp(3, Timestamp.from(appliedAt));
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return writeId;
    }

    private static List<UUID> writeIds(String sql) {
        try (var connection = Infrastructure.dataSource().getConnection();
             var statement = connection.createStatement();
             var rows = statement.executeQuery(sql)) {
            var ids = new java.util.ArrayList<UUID>();
            while (rows.next()) {
                ids.add(rows.getObject(1, UUID.class));
            }
            return ids;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
