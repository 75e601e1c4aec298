package io.tourists.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.tourists.db.Databases;
import io.tourists.db.Migrations;
import io.tourists.db.StoreException;
import io.tourists.local.db.EmbeddedDatabase;
import io.tourists.local.sqs.BatchPoller;
import io.tourists.queue.WriteEnvelope;
import io.tourists.testing.Infrastructure;
import io.tourists.testing.Pipeline;
import io.tourists.testing.Tourists;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL goes away in the middle of a batch: the invocation fails, nothing is deleted from the queue,
 * and once PostgreSQL is back every write lands exactly once. This test owns its PostgreSQL, so that it
 * can stop and start it.
 */
class DatabaseOutageIT {

    private static final int WRITES = 10;
    private static final Duration VISIBILITY = Duration.ofSeconds(2);

    private Path dataDir;
    private EmbeddedDatabase database;
    private int port;
    private HikariDataSource consumerPool;
    private Pipeline pipeline;

    @BeforeEach
    void ownDatabase() throws Exception {
        dataDir = Files.createTempDirectory("outage-pg");
        database = EmbeddedDatabase.start(0, "tourists", Optional.of(dataDir));
        port = database.port();
        try (var migrationPool = Databases.pool(Infrastructure.settings(database, 2), "outage-migrations")) {
            Migrations.migrate(migrationPool);
        }
        consumerPool = Databases.pool(Infrastructure.settings(database, 1), "outage-consumer");
        pipeline = new Pipeline(Infrastructure.newQueues("outage", 5, VISIBILITY, false), consumerPool,
                new BatchPoller.Settings(WRITES, Duration.ofSeconds(1), Duration.ofSeconds(30)));
        var now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        for (int i = 0; i < WRITES; i++) {
            pipeline.send(WriteEnvelope.encode(Tourists.upsert(UUID.randomUUID(), now, Tourists.ada())));
        }
    }

    @AfterEach
    void stopDatabase() {
        consumerPool.close();
        database.close();
    }

    @Test
    void aDatabaseStoppedMidBatchLosesNothingAndAppliesEveryWriteOnce() throws Exception {
        var blocker = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
        blocker.setAutoCommit(false);
        blocker.createStatement().execute("lock table tourist in access exclusive mode");
        var invocation = CompletableFuture.supplyAsync(pipeline::pollOnce);
        awaitConsumerBlockedOnLock();

        database.close();
        blocker.close();
        var failed = invocation.get(60, TimeUnit.SECONDS);

        assertThat(failed.error()).get().isInstanceOf(StoreException.Unavailable.class);
        assertThat(failed.deleted()).isZero();
        assertThat(Infrastructure.depth(pipeline.queues.url())).as("every message is still on the queue")
                .isEqualTo(WRITES);

        database = EmbeddedDatabase.start(port, "tourists", Optional.of(dataDir));
        Thread.sleep(VISIBILITY.toMillis());
        pipeline.drain();

        assertThat(count("select count(*) from tourist")).isEqualTo(WRITES);
        assertThat(count("select count(*) from applied_write")).isEqualTo(WRITES);
        assertThat(Infrastructure.depth(pipeline.queues.url())).isZero();
        assertThat(Infrastructure.depth(pipeline.queues.deadLetterUrl())).isZero();
    }

    @Test
    void aBatchArrivingWhileTheDatabaseIsDownFailsWholeAndStaysQueued() {
        database.close();

        var invocation = pipeline.pollOnce();

        assertThat(invocation.received()).isEqualTo(WRITES);
        assertThat(invocation.error()).get().isInstanceOf(StoreException.Unavailable.class);
        assertThat(Infrastructure.depth(pipeline.queues.url())).isEqualTo(WRITES);
        database = EmbeddedDatabase.start(port, "tourists", Optional.of(dataDir));
    }

    /** Watches from a connection of its own: pg_stat_activity is a snapshot inside a transaction. */
    private void awaitConsumerBlockedOnLock() throws Exception {
        var query = "select count(*) from pg_stat_activity where application_name = 'outage-consumer'"
                + " and wait_event_type = 'Lock'";
        try (var observer = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password())) {
            for (int i = 0; i < 200; i++) {
                try (var rows = observer.createStatement().executeQuery(query)) {
                    rows.next();
                    if (rows.getInt(1) > 0) {
                        return;
                    }
                }
                Thread.sleep(50);
            }
        }
        throw new AssertionError("the consumer never reached the locked table");
    }

    private long count(String sql) throws SQLException {
        try (var connection = consumerPool.getConnection(); var rows = connection.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
