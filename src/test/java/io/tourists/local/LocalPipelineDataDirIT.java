package io.tourists.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.tourists.json.Json;
import io.tourists.local.net.Ports;
import io.tourists.testing.PipelineProcess;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code --data-dir}: the pipeline, each time in its own JVM on the same ports and directory, is stopped (SIGTERM)
 * with writes still queued, then killed (SIGKILL) in the middle of a load, and started again each time. Every
 * write the API accepted (202) is applied exactly once in the end (its row carries the writeId the API answered,
 * and applied_write holds one claim per row): nothing accepted is lost to a stop or a crash.
 */
class LocalPipelineDataDirIT {

    private static final Duration START_BOUND = Duration.ofSeconds(180);
    private static final Duration APPLY_BOUND = Duration.ofSeconds(180);
    private static final int LOAD_CLIENTS = 16;
    private static final int ACCEPTED_BEFORE_THE_KILL = 300;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** touristId -> writeId of every write answered 202. */
    private final Map<UUID, UUID> accepted = new ConcurrentHashMap<>();
    private final List<Run> runs = new ArrayList<>();
    private final int apiPort = Ports.free();
    private final int sqsPort = Ports.free();
    private final int dbPort = Ports.free();

    @AfterEach
    void stopWhatIsLeft() throws InterruptedException {
        for (var run : runs) {
            if (run.process.isAlive()) {
                run.process.destroy();
                run.process.waitFor(60, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void shouldApplyEveryAcceptedWriteExactlyOnce_acrossAStopAndAKill() throws Exception {
        var dataDir = Files.createTempDirectory(Path.of("target"), "data-dir-");

        var first = start(dataDir);
        writeSequentially(first, 50);
        first.stop();
        assertThat(first.pipeline.output()).contains("STOPPED").doesNotContain("go with them");

        var second = start(dataDir);
        loadUntilKilled(second);

        var third = start(dataDir);
        assertThat(third.pipeline.output()).anyMatch(line -> line.contains("stopped PostgreSQL (pid "));
        var applied = awaitApplied(third);
        third.stop();

        assertThat(accepted).hasSizeGreaterThan(50 + ACCEPTED_BEFORE_THE_KILL - 1);
        // A request cut off by the kill may have been queued without its 202 reaching the client: such a write
        // may be applied too. Every write that was answered 202 must be, with the writeId the API answered.
        assertThat(applied).as("every accepted write, each with the writeId the API answered")
                .containsAllEntriesOf(accepted);
    }

    private void writeSequentially(Run run, int writes) throws Exception {
        for (int i = 0; i < writes; i++) {
            post(run.api).ifPresent(write -> accepted.put(write.touristId(), write.writeId()));
        }
    }

    /** Clients post until enough were accepted, then the pipeline is killed under them. */
    private void loadUntilKilled(Run run) throws Exception {
        var killed = new AtomicBoolean();
        int before = accepted.size();
        try (var clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < LOAD_CLIENTS; i++) {
                clients.submit(() -> {
                    while (!killed.get()) {
                        try {
                            post(run.api).ifPresent(write -> accepted.put(write.touristId(), write.writeId()));
                        } catch (IOException e) {
                            // The pipeline died under the request: not accepted, so no promise about it.
                        }
                    }
                    return null;
                });
            }
            while (accepted.size() - before < ACCEPTED_BEFORE_THE_KILL) {
                Thread.sleep(10);
            }
            run.process.destroyForcibly();
            run.process.waitFor(60, TimeUnit.SECONDS);
            killed.set(true);
        }
    }

    private record Write(UUID touristId, UUID writeId) {}

    private Optional<Write> post(URI api) throws IOException, InterruptedException {
        var response = http.send(HttpRequest.newBuilder(api.resolve("/tourists"))
                .header("content-type", "application/json")
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"firstName":"Ada","lastName":"Lovelace","email":"ada@example.com",
                         "nationality":"GB","dateOfBirth":"1990-12-10"}"""))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 202) {
            return Optional.empty();
        }
        var body = Json.readTree(response.body());
        return Optional.of(new Write(UUID.fromString(body.get("touristId").asText()),
                UUID.fromString(body.get("writeId").asText())));
    }

    /** Waits until every accepted tourist has a row; returns touristId -> the writeId of its stored version. */
    private Map<UUID, UUID> awaitApplied(Run run) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + APPLY_BOUND.toNanos();
        while (true) {
            var stored = storedVersions(run);
            if (stored.keySet().containsAll(accepted.keySet()) || System.nanoTime() > deadline) {
                // Each writeId is claimed once in applied_write (its primary key): count the claims as well.
                assertThat(appliedWrites(run)).as("writes recorded as applied").isEqualTo(stored.size());
                return stored;
            }
            Thread.sleep(200);
        }
    }

    private Map<UUID, UUID> storedVersions(Run run) throws SQLException {
        var stored = new ConcurrentHashMap<UUID, UUID>();
        try (var connection = DriverManager.getConnection(run.jdbcUrl, "tourists", "tourists");
             var statement = connection.prepareStatement("select tourist_id, version_write_id from tourist");
             var rows = statement.executeQuery()) {
            while (rows.next()) {
                stored.put(rows.getObject(1, UUID.class), rows.getObject(2, UUID.class));
            }
        }
        return stored;
    }

    private long appliedWrites(Run run) throws SQLException {
        try (var connection = DriverManager.getConnection(run.jdbcUrl, "tourists", "tourists");
             var statement = connection.prepareStatement("select count(*) from applied_write");
             var rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** One run of the pipeline in its own JVM, as a user starts it, on this test's ports and directory. */
    private Run start(Path dataDir) throws IOException, URISyntaxException {
        var template = Path.of(getClass().getResource("/local/short-visibility-template.yaml").toURI());
        var run = new Run(PipelineProcess.start("data-dir-run-", List.of("--api-port", Integer.toString(apiPort),
                "--sqs-port", Integer.toString(sqsPort), "--db-port", Integer.toString(dbPort),
                "--data-dir", dataDir.toString(), "--template", template.toString(), "--status-interval", "0")));
        runs.add(run);
        run.pipeline.awaitLine(line -> line.startsWith("READY "), START_BOUND);
        return run;
    }

    private final class Run {
        private final PipelineProcess pipeline;
        private final Process process;
        private final URI api;
        private final String jdbcUrl;

        Run(PipelineProcess pipeline) {
            this.pipeline = pipeline;
            this.process = pipeline.process();
            this.api = URI.create("http://127.0.0.1:" + apiPort);
            this.jdbcUrl = "jdbc:postgresql://127.0.0.1:" + dbPort + "/tourists";
        }

        /** As Ctrl-C does. */
        void stop() throws InterruptedException {
            process.destroy();
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("stops within two minutes").isTrue();
        }
    }
}
