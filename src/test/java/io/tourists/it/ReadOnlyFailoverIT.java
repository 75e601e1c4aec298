package io.tourists.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.tourists.consumer.Backoff;
import io.tourists.db.Databases;
import io.tourists.local.sqs.BatchPoller;
import io.tourists.testing.Infrastructure;
import io.tourists.testing.OwnDatabase;
import io.tourists.testing.RunningConsumers;
import io.tourists.testing.TestQueues;
import io.tourists.testing.WriteFlow;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A failover as the consumer sees it: its open connection now reaches a read-only node (SQLSTATE 25006), while
 * a new connection would reach the new, writable writer. Here the server's default turns read-only for the
 * sessions already open (ALTER SYSTEM, reload), and the database's own setting keeps new sessions writable.
 * The consumer replaces its connection and the batch lands one backoff step later, not after the pool's
 * maxLifetime, and not after the queue's visibility timeout.
 */
class ReadOnlyFailoverIT {

    /** Generous room for polling, the batching window and a loaded machine, on top of the backoff step. */
    private static final Duration MARGIN = Duration.ofSeconds(10);

    private OwnDatabase database;
    private HikariDataSource observer;
    private TestQueues queues;
    private RunningConsumers consumers;

    @BeforeEach
    void startConsumer() {
        database = OwnDatabase.start("failover");
        observer = Databases.pool(database.testSettings(1), "failover-observer");
        queues = Infrastructure.newQueues("failover", 21, Duration.ofSeconds(190), false);
        // One environment, so that the batch after the failover meets the connection opened before it.
        consumers = RunningConsumers.start("failover", queues, database.functionEnvironment(1), 1,
                new BatchPoller.Settings(10, Duration.ZERO, Duration.ofSeconds(30)));
    }

    @AfterEach
    void stop() {
        consumers.close();
        observer.close();
        database.close();
    }

    @Test
    void aBatchMeetingTheOldWriterLandsOneBackoffStepLater() throws Exception {
        try (var warmUp = WriteFlow.start(queues, Duration.ofMillis(100))) {
            awaitLanded(warmUp, Instant.now().plusSeconds(30));
        }

        database.asSuperuser("alter database tourists set default_transaction_read_only = off",
                "alter system set default_transaction_read_only = on", "select pg_reload_conf()");
        var failedOver = Instant.now();
        var writes = WriteFlow.start(queues, Duration.ofMillis(100));
        Thread.sleep(1_000);
        writes.close();
        var deadline = failedOver.plus(Backoff.DEFAULT.first()).plus(MARGIN);
        awaitLanded(writes, deadline.plusSeconds(60));

        var last = writes.landed(observer).values().stream().max(Comparator.naturalOrder()).orElseThrow();
        System.out.printf("ReadOnlyFailoverIT: %d writes, the last landed %.1f s after the failover%n",
                writes.accepted().size(), Duration.between(failedOver, last).toMillis() / 1000.0);
        assertThat(consumers.stats().erroredInvocations()).as("a batch met the read-only node").isPositive();
        assertThat(writes.landed(observer).keySet()).containsExactlyInAnyOrderElementsOf(writes.accepted());
        assertThat(last).as("landed within one backoff step (+ margin)").isBefore(deadline);
        assertThat(Infrastructure.depth(queues.deadLetterUrl())).isZero();
    }

    private void awaitLanded(WriteFlow writes, Instant deadline) throws InterruptedException {
        while (Instant.now().isBefore(deadline) && writes.landed(observer).size() < writes.accepted().size()) {
            Thread.sleep(200);
        }
    }
}
