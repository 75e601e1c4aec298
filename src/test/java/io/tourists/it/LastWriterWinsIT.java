package io.tourists.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tourists.domain.TouristWrite;
import io.tourists.domain.WriteVersion;
import io.tourists.queue.WriteEnvelope;
import io.tourists.testing.Infrastructure;
import io.tourists.testing.Pipeline;
import io.tourists.testing.Rows;
import io.tourists.testing.Tourists;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** On a standard queue writes arrive in any order: the write with the greatest version wins. */
class LastWriterWinsIT {

    private final UUID touristId = UUID.randomUUID();
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    private Pipeline pipeline;

    @BeforeEach
    void freshQueuesAndTables() {
        Infrastructure.resetDatabase();
        pipeline = new Pipeline(Infrastructure.newQueues("lww", 5, Duration.ofSeconds(30), false),
                Infrastructure.consumerDataSource(), Pipeline.batchesOf(10));
    }

    @Test
    void aNewerWriteDeliveredBeforeAnOlderOneWins() {
        pipeline.send(WriteEnvelope.encode(Tourists.upsert(touristId, now, Tourists.named("Newer"))));
        pipeline.drain();

        pipeline.send(WriteEnvelope.encode(Tourists.upsert(touristId, now.minusSeconds(60), Tourists.named("Older"))));
        pipeline.drain();

        assertThat(Rows.tourist(touristId).firstName()).isEqualTo("Newer");
        assertThat(Rows.count("select count(*) from applied_write")).as("both were seen").isEqualTo(2);
    }

    @Test
    void anOlderAndANewerWriteInOneBatchKeepTheNewer() {
        pipeline.send(WriteEnvelope.encode(Tourists.upsert(touristId, now, Tourists.named("Newer"))));
        pipeline.send(WriteEnvelope.encode(Tourists.upsert(touristId, now.minusMillis(1), Tourists.named("Older"))));

        var invocations = pipeline.drain();

        assertThat(invocations).hasSize(1);
        assertThat(Rows.tourist(touristId).firstName()).isEqualTo("Newer");
    }

    @Test
    void aDeleteIsATombstoneThatALateOlderUpsertCannotUndo() {
        pipeline.send(WriteEnvelope.encode(Tourists.upsert(touristId, now.minusSeconds(30), Tourists.named("Alive"))));
        pipeline.send(WriteEnvelope.encode(new TouristWrite.Delete(UUID.randomUUID(), touristId, now)));
        pipeline.drain();

        pipeline.send(WriteEnvelope.encode(Tourists.upsert(touristId, now.minusSeconds(10), Tourists.named("Zombie"))));
        pipeline.drain();

        assertThat(pipeline.get("/tourists/" + touristId).getStatusCode()).isEqualTo(404);
        assertThat(Rows.tourist(touristId).deleted()).isTrue();
    }

    @Test
    void aDeleteOfAnUnknownTouristStopsAnOlderCreateArrivingLate() {
        pipeline.send(WriteEnvelope.encode(new TouristWrite.Delete(UUID.randomUUID(), touristId, now)));
        pipeline.drain();

        pipeline.send(WriteEnvelope.encode(Tourists.upsert(touristId, now.minusSeconds(1), Tourists.named("Late"))));
        pipeline.drain();

        assertThat(pipeline.get("/tourists/" + touristId).getStatusCode()).isEqualTo(404);
    }

    @Test
    void equalTimestampsAreBrokenByWriteIdTheSameWayInJavaAndPostgres() {
        var low = new TouristWrite.Upsert(UUID.fromString("7fffffff-ffff-4fff-bfff-ffffffffffff"), touristId, now,
                Tourists.named("Low"));
        var high = new TouristWrite.Upsert(UUID.fromString("80000000-0000-4000-8000-000000000000"), touristId, now,
                Tourists.named("High"));
        assertThat(high.version()).isGreaterThan(low.version());
        assertThat(new WriteVersion(now, high.writeId())).isEqualByComparingTo(high.version());

        pipeline.send(WriteEnvelope.encode(high));
        pipeline.drain();
        pipeline.send(WriteEnvelope.encode(low));
        pipeline.drain();

        assertThat(Rows.tourist(touristId).firstName()).isEqualTo("High");
    }
}
