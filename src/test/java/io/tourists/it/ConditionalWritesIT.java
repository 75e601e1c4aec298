package io.tourists.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.tourists.db.TouristStore;
import io.tourists.db.WriteOutcome;
import io.tourists.domain.Precondition;
import io.tourists.domain.TouristWrite;
import io.tourists.queue.WriteEnvelope;
import io.tourists.testing.HttpApiRequests;
import io.tourists.testing.Infrastructure;
import io.tourists.testing.Pipeline;
import io.tourists.testing.Rows;
import io.tourists.testing.Tourists;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * ETags and conditional requests through the real functions, ElasticMQ and PostgreSQL: If-None-Match answers
 * 304, and an If-Match write applies only if the tourist is still at the version it names; one that lost reads
 * rejected / version-conflict, changes nothing and is not parked.
 */
class ConditionalWritesIT {

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    private Pipeline pipeline;

    @BeforeEach
    void freshQueuesAndTables() {
        Infrastructure.resetDatabase();
        pipeline = new Pipeline(Infrastructure.newQueues("conditional", 5, Duration.ofSeconds(2), false),
                Infrastructure.dataSource(), Pipeline.batchesOf(10));
    }

    @Test
    void getReturnsAStrongETagToRevalidate_andIfNoneMatchWithItAnswers304() {
        var touristId = created();
        var read = pipeline.get("/tourists/" + touristId);
        var etag = read.getHeaders().get("etag");

        assertThat(etag).isEqualTo("\"" + Pipeline.body(read).path("version").path("writeId").textValue() + "\"");
        assertThat(read.getHeaders()).containsEntry("cache-control", "no-cache");
        var notModified = get("/tourists/" + touristId, Map.of("if-none-match", etag));
        assertThat(notModified.getStatusCode()).isEqualTo(304);
        assertThat(notModified.getBody()).isNullOrEmpty();
        assertThat(notModified.getHeaders()).containsEntry("etag", etag);
        assertThat(get("/tourists/" + touristId, Map.of("if-none-match", "\"" + UUID.randomUUID() + "\""))
                .getStatusCode()).isEqualTo(200);
    }

    @Test
    void aFreshIfMatchApplies_aStaleOneIsRejectedAsAVersionConflictAndChangesNothing() {
        var touristId = created();
        var firstTag = pipeline.get("/tourists/" + touristId).getHeaders().get("etag");
        var fresh = put(touristId, "Augusta", firstTag);
        pipeline.drain();
        var stale = put(touristId, "Byron", firstTag);
        pipeline.drain();

        assertThat(status(touristId, fresh)).isEqualTo("applied");
        assertThat(status(touristId, stale)).isEqualTo("rejected");
        var body = Pipeline.body(pipeline.get(statusUrl(touristId, stale)));
        assertThat(body.path("reason").textValue()).isEqualTo("version-conflict");
        assertThat(body.path("errors").get(0).path("field").textValue()).isEqualTo("ifMatch");
        var tourist = Pipeline.body(pipeline.get("/tourists/" + touristId));
        assertThat(tourist.path("firstName").textValue()).isEqualTo("Augusta");
        assertThat(tourist.path("version").path("writeId").textValue()).isEqualTo(fresh.toString());
        assertThat(Infrastructure.depth(pipeline.queues.deadLetterUrl())).as("an answer, not a fault").isZero();
    }

    @Test
    void aConditionalDeleteAppliesOnlyAtItsVersion_andIfMatchStarNeedsATouristThatExists() {
        var touristId = created();
        var tag = pipeline.get("/tourists/" + touristId).getHeaders().get("etag");
        var delete = Pipeline.body(pipeline.call(HttpApiRequests.request("DELETE", "/tourists/" + touristId,
                Map.of("if-match", tag), null))).path("writeId").textValue();
        pipeline.drain();
        var afterDelete = Pipeline.body(pipeline.call(HttpApiRequests.json("PUT", "/tourists/" + touristId,
                Tourists.adaJson(), Map.of("if-match", "*")))).path("writeId").textValue();
        pipeline.drain();

        assertThat(status(touristId, UUID.fromString(delete))).isEqualTo("applied");
        assertThat(status(touristId, UUID.fromString(afterDelete))).as("a tombstone does not exist").isEqualTo("rejected");
        assertThat(pipeline.get("/tourists/" + touristId).getStatusCode()).isEqualTo(404);
    }

    @Test
    void conditionalWritesToOneTouristInOneBatchAreEachCheckedAgainstTheVersionTheOneBeforeLeft() {
        var touristId = UUID.randomUUID();
        var base = Tourists.upsert(touristId, now.minusSeconds(10), Tourists.named("Base"));
        pipeline.send(WriteEnvelope.encode(base));
        pipeline.drain();
        var first = conditional(touristId, now.minusSeconds(3), "First", new Precondition.Version(base.writeId()));
        var second = conditional(touristId, now.minusSeconds(2), "Second", new Precondition.Version(first.writeId()));
        var lost = conditional(touristId, now.minusSeconds(1), "Lost", new Precondition.Version(base.writeId()));
        for (var write : new TouristWrite[] {lost, second, first}) {
            pipeline.send(WriteEnvelope.encode(write));
        }
        var invocations = pipeline.drain();

        assertThat(invocations).hasSize(1);
        assertThat(status(touristId, first.writeId())).as("applied, then superseded by second").isEqualTo("superseded");
        assertThat(status(touristId, second.writeId())).isEqualTo("applied");
        assertThat(status(touristId, lost.writeId())).isEqualTo("rejected");
        assertThat(Pipeline.body(pipeline.get("/tourists/" + touristId)).path("firstName").textValue())
                .isEqualTo("Second");
    }

    @Test
    void aRedeliveredConflictKeepsItsAnswer_evenOnceTheTouristMatchesWhatItAsked() {
        var touristId = UUID.randomUUID();
        var star = conditional(touristId, now.minusSeconds(5), "Star", Precondition.EXISTS);
        pipeline.send(WriteEnvelope.encode(star));
        pipeline.drain();
        pipeline.send(WriteEnvelope.encode(Tourists.upsert(touristId, now.minusSeconds(9), Tourists.named("Made"))));
        pipeline.drain();
        pipeline.send(WriteEnvelope.encode(star));
        pipeline.drain();

        assertThat(status(touristId, star.writeId())).isEqualTo("rejected");
        assertThat(Rows.count("select count(*) from applied_write where write_id = '" + star.writeId() + "'")).isZero();
        assertThat(Pipeline.body(pipeline.get("/tourists/" + touristId)).path("firstName").textValue()).isEqualTo("Made");
    }

    @Test
    void aRowChangedByAnotherBatchWhileTheConditionWasDecidedIsNotOverwritten() throws Exception {
        var store = new TouristStore(Infrastructure.dataSource());
        var base = Tourists.upsert(UUID.randomUUID(), now.minusSeconds(10), Tourists.named("Base"));
        store.apply(List.of(base), List.of());
        var conditional = conditional(base.touristId(), now, "Mine", new Precondition.Version(base.writeId()));
        try (var other = Infrastructure.dataSource().getConnection();
             var writer = Executors.newSingleThreadExecutor()) {
            other.setAutoCommit(false);
            try (var statement = other.createStatement()) {
                statement.execute("update tourist set first_name = 'Theirs', version_write_id = gen_random_uuid(),"
                        + " version_at = version_at + interval '1 second' where tourist_id = '" + base.touristId() + "'");
            }
            var outcome = writer.submit(() -> store.apply(List.of(conditional), List.of()));
            Thread.sleep(1_000);
            assertThat(outcome).as("waits on the other batch's row lock, having decided against Base").isNotDone();
            other.commit();

            assertThat(outcome.get(30, TimeUnit.SECONDS)).containsEntry(conditional.writeId(), WriteOutcome.STALE);
        }
        assertThat(Pipeline.body(pipeline.get("/tourists/" + base.touristId())).path("firstName").textValue())
                .isEqualTo("Theirs");
    }

    @Test
    void aMalformedIfMatchIs400_andNothingIsSent() {
        var touristId = created();
        for (var bad : new String[] {"W/\"" + UUID.randomUUID() + "\"", UUID.randomUUID().toString(), "\"x\"",
                "\"" + UUID.randomUUID() + "\", \"" + UUID.randomUUID() + "\""}) {
            var answer = pipeline.call(HttpApiRequests.json("PUT", "/tourists/" + touristId, Tourists.adaJson(),
                    Map.of("if-match", bad)));
            assertThat(answer.getStatusCode()).as(bad).isEqualTo(400);
        }
        assertThat(pipeline.drain()).isEmpty();
    }

    private UUID created() {
        var touristId = UUID.randomUUID();
        pipeline.send(WriteEnvelope.encode(Tourists.upsert(touristId, now.minusSeconds(60), Tourists.ada())));
        pipeline.drain();
        return touristId;
    }

    private UUID put(UUID touristId, String firstName, String ifMatch) {
        var accepted = pipeline.call(HttpApiRequests.json("PUT", "/tourists/" + touristId,
                Tourists.adaJson().replace("Ada", firstName), Map.of("if-match", ifMatch)));
        assertThat(accepted.getStatusCode()).isEqualTo(202);
        return UUID.fromString(Pipeline.body(accepted).path("writeId").textValue());
    }

    private static TouristWrite.Upsert conditional(UUID touristId, Instant at, String name, Precondition condition) {
        return new TouristWrite.Upsert(UUID.randomUUID(), touristId, at, Tourists.named(name), condition);
    }

    private APIGatewayV2HTTPResponse get(String path, Map<String, String> headers) {
        return pipeline.get(path, headers);
    }

    private String status(UUID touristId, UUID writeId) {
        return Pipeline.body(pipeline.get(statusUrl(touristId, writeId))).path("status").textValue();
    }

    private static String statusUrl(UUID touristId, UUID writeId) {
        return "/tourists/" + touristId + "/writes/" + writeId;
    }
}
