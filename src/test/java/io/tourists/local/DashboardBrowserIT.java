package io.tourists.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tourists.ops.Cli;
import io.tourists.queue.SqsClients;
import io.tourists.testing.HeadlessChromium;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;

/**
 * The dashboard page in a real browser (Debian's Chromium, headless), against the local pipeline in this JVM
 * with template.yaml's settings: the page shows numbers at once, and writes through the API, a poison message
 * on the queue and a burst of writes show on it within seconds, and once the burst has drained, the applied total
 * on the page is PostgreSQL's. Leaves a screenshot of the burst in target/dashboard.png (and where
 * -Ddashboard.screenshot names, e.g. docs/dashboard.png).
 */
class DashboardBrowserIT {

    private static final String BODY = """
            {"firstName":"Ada","lastName":"Lovelace","email":"ada@example.com","nationality":"GB","dateOfBirth":"1990-12-10"}""";
    private static final Duration FEW_SECONDS = Duration.ofSeconds(5);
    /** Small: up to seven engineers share this machine's two cores, and the page's numbers are the point. */
    private static final int BURST_WRITES = 600;
    private static final int BURST_CLIENTS = 30;
    private static final Duration DRAIN_BOUND = Duration.ofMinutes(2);
    private static final ByteArrayOutputStream OUTPUT = new ByteArrayOutputStream();
    private static PipelineRuntime runtime;
    private static HeadlessChromium browser;

    @BeforeAll
    static void start() throws Exception {
        var missing = HeadlessChromium.missing();
        assumeTrue(missing.isEmpty(), () -> "skipped: " + missing.orElseThrow());
        runtime = PipelineRuntime.start(new RuntimeSettings("127.0.0.1", 0, new RuntimeSettings.Sqs.Embedded(0),
                new RuntimeSettings.Database.Embedded(0, Optional.empty()), Path.of("template.yaml"), Map.of(), false,
                Duration.ZERO).withDashboard(0), new PrintStream(OUTPUT, true, StandardCharsets.UTF_8));
        browser = HeadlessChromium.start(1400, 850);
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void thePageShowsWritesAppliedAndAPoisonMessageOnTheDeadLetterQueue_withinSeconds() throws Exception {
        assertThat(OUTPUT.toString(StandardCharsets.UTF_8)).contains("Dashboard   " + runtime.dashboardUri().orElseThrow());
        browser.open(runtime.dashboardUri().orElseThrow());

        assertThat(browser.waitFor("document.body.dataset.firstNumbersMs", FEW_SECONDS)).isTrue();
        System.out.println("dashboard: first numbers " + browser.evaluate("document.body.dataset.firstNumbersMs").asText()
                + " ms after the page's navigation started");
        assertThat(browser.evaluate("Number(document.body.dataset.firstNumbersMs)").asLong()).isLessThan(1_000);
        assertThat(browser.evaluate("document.getElementById('connections-budget').textContent").asText())
                .isEqualTo("12");   // template.yaml: 2 consumer environments x 1 connection + 10 read x 1
        long accepted = number("accepted-total");
        long applied = number("applied-total");
        long rejected = number("api-rejected-total");
        long deadLetters = number("dlq-depth");
        long refused = number("rejected-consumer");

        var http = HttpClient.newHttpClient();
        for (int i = 0; i < 5; i++) {
            assertThat(post(http, BODY)).isEqualTo(202);
        }
        assertThat(post(http, "{\"firstName\":\"\"}")).isEqualTo(400);
        assertThat(browser.waitFor(equals("accepted-total", accepted + 5), FEW_SECONDS)).as("accepted on the page").isTrue();
        assertThat(browser.waitFor(equals("applied-total", applied + 5), FEW_SECONDS)).as("applied on the page").isTrue();
        assertThat(number("api-rejected-total")).isEqualTo(rejected + 1);

        try (var sqs = SqsClients.forEndpoint(endpoint(runtime.writeQueue().url()), Region.US_EAST_1,
                Cli.LOCAL_CREDENTIALS, Duration.ofSeconds(10))) {
            sqs.sendMessage(r -> r.queueUrl(runtime.writeQueue().url()).messageBody("not a write"));
        }
        assertThat(browser.waitFor(equals("dlq-depth", deadLetters + 1), FEW_SECONDS))
                .as("the poison message on the DLQ counter").isTrue();
        assertThat(number("rejected-consumer")).isEqualTo(refused + 1);
    }

    @Test
    void aBurstOfWritesShowsAsABacklogThatDrains_andTheAppliedTotalIsTheDatabases() throws Exception {
        browser.open(runtime.dashboardUri().orElseThrow());
        assertThat(browser.waitFor("document.body.dataset.firstNumbersMs", FEW_SECONDS)).isTrue();
        long accepted = number("accepted-total");

        int answered202 = burst(BURST_WRITES, BURST_CLIENTS);

        assertThat(browser.waitFor("Number(document.getElementById('backlog-peak').textContent) > 0", FEW_SECONDS))
                .as("a backlog on the page").isTrue();
        screenshot();
        assertThat(browser.waitFor(equals("accepted-total", accepted + answered202), FEW_SECONDS)).isTrue();
        assertThat(browser.waitFor(equals("queue-visible", 0) + " && " + equals("queue-in-flight", 0) + " && "
                + equals("queue-retrying", 0) + " && document.getElementById('backlog-state').textContent"
                + ".startsWith('drained')", DRAIN_BOUND)).as("the backlog drained, on the page").isTrue();
        // Once a sample later, the page's applied total is what PostgreSQL recorded as applied, exactly.
        Thread.sleep(2_000);
        assertThat(number("applied-total")).isEqualTo(appliedInDatabase());
    }

    /** The page during the burst, in target/ and where -Ddashboard.screenshot says (the README's docs/dashboard.png). */
    private static void screenshot() throws IOException {
        browser.screenshot(Path.of("target", "dashboard.png"));
        var wanted = System.getProperty("dashboard.screenshot");
        if (wanted != null) {
            browser.screenshot(Path.of(wanted));
        }
    }

    private static long appliedInDatabase() throws SQLException {
        try (var connection = DriverManager.getConnection(runtime.jdbcUrl(), "tourists", "tourists");
             var rows = connection.createStatement().executeQuery("select count(*) from applied_write")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** {@code writes} POSTs from {@code clients} clients at once; returns how many were accepted. */
    private static int burst(int writes, int clients) throws InterruptedException {
        var accepted = new AtomicInteger();
        var next = new AtomicInteger();
        var http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < clients; c++) {
                threads.submit(() -> {
                    while (next.getAndIncrement() < writes) {
                        if (post(http, BODY) == 202) {
                            accepted.incrementAndGet();
                        }
                    }
                    return null;
                });
            }
        }
        return accepted.get();
    }

    private static int post(HttpClient http, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(runtime.apiUri() + "/tourists"))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String equals(String id, long value) {
        return "document.getElementById('" + id + "').textContent === '" + value + "'";
    }

    private static long number(String id) {
        return Long.parseLong(browser.evaluate("document.getElementById('" + id + "').textContent").asText());
    }

    private static URI endpoint(String queueUrl) {
        var url = URI.create(queueUrl);
        return URI.create(url.getScheme() + "://" + url.getAuthority());
    }
}
