package io.tourists.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.tourists.testing.KeepAliveConnection;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Phaser;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A thousand clients at once, each on its own keep-alive connection, against the whole local pipeline (the
 * real template, functions, ElasticMQ and PostgreSQL): every request gets an answer, and no connection is
 * reset or closed under a client. Overload may be answered (429, 503), never dropped. Nothing here is timed.
 */
class LocalApiKeepAliveIT {

    private static final int CLIENTS = 1_000;
    private static final int REQUESTS_PER_CLIENT = 3;
    /** Only so that a hung server fails the test instead of hanging it. */
    private static final Duration READ_BOUND = Duration.ofMinutes(3);
    private static final byte[] BODY = """
            {"firstName":"Ada","lastName":"Lovelace","email":"ada@example.com","nationality":"GB","dateOfBirth":"1990-12-10"}"""
            .getBytes(StandardCharsets.UTF_8);

    private static PipelineRuntime runtime;

    @BeforeAll
    static void start() {
        runtime = PipelineRuntime.start(new RuntimeSettings("127.0.0.1", 0, new RuntimeSettings.Sqs.Embedded(0),
                        new RuntimeSettings.Database.Embedded(0, Optional.empty()), Path.of("template.yaml"), Map.of(),
                        false, Duration.ZERO),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    @AfterAll
    static void stop() {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void shouldAnswerEveryRequestOfAThousandKeepAliveClients_withoutAConnectionError() throws Exception {
        var statuses = new ConcurrentHashMap<Integer, AtomicInteger>();
        var connectionErrors = new ConcurrentHashMap<String, AtomicInteger>();
        // Rounds: every client sends one request, then waits until all have their answer before the next. Between
        // rounds all thousand connections are idle at once, as a thousand users of an app are between clicks.
        var rounds = new Phaser(CLIENTS);
        var api = runtime.apiUri();

        try (var clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < CLIENTS; i++) {
                clients.submit(() -> {
                    try (var connection = KeepAliveConnection.open(api, READ_BOUND, READ_BOUND)) {
                        for (int request = 0; request < REQUESTS_PER_CLIENT; request++) {
                            rounds.arriveAndAwaitAdvance();
                            int status = connection.postJson("/tourists", BODY);
                            statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
                        }
                    } catch (IOException e) {
                        connectionErrors.computeIfAbsent(e.toString(), error -> new AtomicInteger()).incrementAndGet();
                    } finally {
                        rounds.arriveAndDeregister();
                    }
                    return null;
                });
            }
        }

        assertThat(connectionErrors).as("connection errors").isEmpty();
        assertThat(statuses.values().stream().mapToInt(AtomicInteger::get).sum()).isEqualTo(CLIENTS * REQUESTS_PER_CLIENT);
        assertThat(statuses.keySet()).as("answers: %s", statuses).isSubsetOf(202, 429, 503).contains(202);
    }
}
