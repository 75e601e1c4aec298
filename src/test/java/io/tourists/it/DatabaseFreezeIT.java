package io.tourists.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.tourists.consumer.Backoff;
import io.tourists.consumer.DatabaseCircuit;
import io.tourists.db.Databases;
import io.tourists.testing.ConsumerLane;
import io.tourists.testing.Infrastructure;
import io.tourists.testing.OwnDatabase;
import io.tourists.testing.TemplateConsumer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * PostgreSQL freezes (SIGSTOP: connections stay open, nothing answers) for 20 s while writes flow through the
 * write API, ElasticMQ and the consumer run by the local runtime's event source mapping. One freeze, three
 * write queues, each with its own consumers:
 * <ul>
 *   <li>{@code deployed}: template.yaml's queue and consumer settings. Every write lands within 30 s of the
 *       database's return, and none on the dead-letter queue.</li>
 *   <li>{@code shortened}: the same schedule made short by settings (1 s doubling to 2 s), with the
 *       maxReceiveCount {@link Backoff#maxReceiveCountFor} gives for the outage: to this schedule, 20 s is a
 *       long outage, ten receives and more. Nothing reaches the dead-letter queue.</li>
 *   <li>{@code tooFewReceives}: the shortened schedule with maxReceiveCount 3: the control that shows the
 *       outage is long enough to exhaust receives that do not cover it.</li>
 * </ul>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatabaseFreezeIT {

    private static final Duration FREEZE = Duration.ofSeconds(20);
    private static final Duration RECOVERY_BOUND = Duration.ofSeconds(30);
    /** How long to keep watching after the thaw, so that a slow recovery is measured, not just failed. */
    private static final Duration WATCH = Duration.ofMinutes(4);
    private static final Backoff SHORTENED = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(2));

    private OwnDatabase database;
    private HikariDataSource observer;
    private final Map<String, ConsumerLane> lanes = new HashMap<>();
    private Instant thawedAt;

    @BeforeAll
    void freezeTheDatabaseWhileWritesFlow() throws Exception {
        database = OwnDatabase.start("freeze");
        observer = Databases.pool(database.testSettings(1), "freeze-observer");
        lane("deployed", TemplateConsumer.maxReceiveCount(), TemplateConsumer.backoff(), Duration.ofMillis(50));
        lane("shortened", SHORTENED.maxReceiveCountFor(FREEZE, DatabaseCircuit.MAX_SKIP), SHORTENED,
                Duration.ofMillis(200));
        lane("tooFewReceives", 3, SHORTENED, Duration.ofMillis(200));

        Thread.sleep(5_000);
        database.freeze();
        Thread.sleep(FREEZE.toMillis());
        database.thaw();
        thawedAt = Instant.now();
        Thread.sleep(5_000);
        lanes.values().forEach(lane -> lane.writes().close());

        var deadline = thawedAt.plus(WATCH);
        while (Instant.now().isBefore(deadline) && !settled()) {
            Thread.sleep(500);
        }
    }

    @AfterAll
    void stopEverything() {
        lanes.values().forEach(ConsumerLane::close);
        observer.close();
        database.close();
    }

    @Test
    void everyWriteLandsOnceWithin30sOfTheDatabasesReturn_andNoneOnTheDeadLetterQueue() {
        var lane = lanes.get("deployed");
        var landed = lane.writes().landed(observer);
        var last = landed.values().stream().max(Comparator.naturalOrder()).orElseThrow();
        System.out.printf("DatabaseFreezeIT: %d writes; the last landed %.1f s after a %d s freeze ended%n",
                lane.writes().accepted().size(), Duration.between(thawedAt, last).toMillis() / 1000.0, FREEZE.toSeconds());

        assertThat(lane.writes().refused()).isZero();
        assertThat(landed.keySet()).as("every accepted write applied").containsExactlyInAnyOrderElementsOf(lane.writes().accepted());
        assertThat(last).as("the last write landed by the database's return + 30 s").isBefore(thawedAt.plus(RECOVERY_BOUND));
        assertThat(Infrastructure.depth(lane.queues().deadLetterUrl())).isZero();
        assertThat(Infrastructure.depth(lane.queues().url())).isZero();
    }

    @Test
    void aScheduleMadeShortRidesOutTheSameFreeze_withTheMaxReceiveCountItsArithmeticGives() {
        var lane = lanes.get("shortened");

        assertThat(lane.writes().landed(observer).keySet()).containsExactlyInAnyOrderElementsOf(lane.writes().accepted());
        assertThat(Infrastructure.depth(lane.queues().deadLetterUrl())).isZero();
    }

    @Test
    void theFreezeIsLongEnoughToExhaustAMaxReceiveCountThatDoesNotCoverIt() {
        var lane = lanes.get("tooFewReceives");

        assertThat(Infrastructure.depth(lane.queues().deadLetterUrl())).as("the control").isPositive();
    }

    private void lane(String name, int maxReceiveCount, Backoff backoff, Duration writeInterval) {
        lanes.put(name, ConsumerLane.start("freeze-" + name, database, maxReceiveCount, backoff, writeInterval));
    }

    /** Every lane's writes applied, or the control's dead-letter queue filled: nothing more to wait for. */
    private boolean settled() {
        var pending = new ArrayList<ConsumerLane>(List.of(lanes.get("deployed"), lanes.get("shortened")));
        pending.removeIf(lane -> lane.writes().landed(observer).size() == lane.writes().accepted().size());
        return pending.isEmpty() && Infrastructure.depth(lanes.get("tooFewReceives").queues().deadLetterUrl()) > 0;
    }
}
