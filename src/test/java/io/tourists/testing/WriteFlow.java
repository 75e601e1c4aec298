package io.tourists.testing;

import io.tourists.api.ApiFunction;
import io.tourists.lambda.FunctionSetup;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * Writes sent through the write API to a test's queue at a steady pace, from a thread of their own, as clients
 * keep writing whatever the database does; and when each accepted write was applied.
 */
public final class WriteFlow implements AutoCloseable {

    private final ApiFunction api;
    private final Duration interval;
    private final List<UUID> accepted = new CopyOnWriteArrayList<>();
    private final AtomicInteger refused = new AtomicInteger();
    private final Thread thread;
    private volatile boolean running = true;
    private final AtomicBoolean closed = new AtomicBoolean();

    private WriteFlow(TestQueues queues, Duration interval) {
        this.api = new ApiFunction(FunctionSetup.of(Map.of("WRITE_QUEUE_URL", queues.url(), "ID_KEY", TestIdKey.VALUE),
                Infrastructure.awsClients()));
        this.interval = interval;
        this.thread = Thread.ofPlatform().name("write-flow-" + queues.name()).daemon().start(this::run);
    }

    /** Starts sending one POST every {@code interval}. */
    public static WriteFlow start(TestQueues queues, Duration interval) {
        return new WriteFlow(queues, interval);
    }

    private void run() {
        while (running) {
            var response = api.handleRequest(HttpApiRequests.json("POST", "/tourists", Tourists.adaJson(), Map.of()),
                    Pipeline.context());
            if (response.getStatusCode() == 202) {
                accepted.add(UUID.fromString(Pipeline.body(response).path("writeId").asText()));
            } else {
                refused.incrementAndGet();
            }
            try {
                Thread.sleep(interval);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The writeIds answered 202, in order. */
    public List<UUID> accepted() {
        return List.copyOf(accepted);
    }

    /** Requests not answered 202 (none are expected: the API never touches the database). */
    public int refused() {
        return refused.get();
    }

    /**
     * When each accepted write was applied, for those applied so far: {@code applied_write.applied_at}, the
     * server's clock, which is this machine's.
     */
    public Map<UUID, Instant> landed(DataSource database) {
        var landed = new HashMap<UUID, Instant>();
        try (var connection = database.getConnection();
             var statement = connection.prepareStatement(
                     "select write_id, applied_at from applied_write where write_id = any(?)")) {
            statement.setArray(1, connection.createArrayOf("uuid", accepted.toArray()));
            try (var rows = statement.executeQuery()) {
                while (rows.next()) {
                    landed.put(rows.getObject(1, UUID.class), rows.getTimestamp(2).toInstant());
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return landed;
    }

    /** Stops sending; what was accepted stays accepted. A second call does nothing. */
    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        running = false;
        try {
            thread.join(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        api.close();
    }
}
