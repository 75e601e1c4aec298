package io.tourists.bench;

import static io.tourists.bench.Report.fmt;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tourists.local.PipelineRuntime;
import io.tourists.testing.Infrastructure;
import io.tourists.testing.Rows;
import io.tourists.testing.TemplateConsumer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * Connection errors at 300 and 1,000 concurrent keep-alive clients POSTing to the local pipeline's API
 * ({@link PipelineRuntime} in this JVM, template.yaml's settings, the suite's ElasticMQ and PostgreSQL), each
 * client on its own HTTP/1.1 connection sending several requests one after the other ({@link KeepAliveLoad}):
 * answers by status, connection errors by kind, latency, and the rows committed once the queue is drained.
 * Beside it, in the same run, a control: the JDK's own HTTP server (the local front's server before Jetty),
 * with its defaults, answering 202 at once with no work, under the same clients; it shows what the load's
 * client sees when a server drops keep-alive connections.
 */
final class ConnectionsScenario implements Scenario {

    /** Clients and requests per client: hey -n 3000 -c 300 and 5,000 POSTs from 1,000 clients, as in issue 10. */
    static final List<int[]> LOADS = List.of(new int[] {300, 10}, new int[] {1_000, 5});
    private static final byte[] BODY = """
            {"firstName":"Ada","lastName":"Lovelace","email":"ada@example.com","nationality":"GB","dateOfBirth":"1990-12-10"}"""
            .getBytes(StandardCharsets.UTF_8);
    private static final Duration DRAIN_WAIT = Duration.ofMinutes(2);

    @Override
    public String name() {
        return "connections";
    }

    @Override
    public String title() {
        return "6. Connections: concurrent keep-alive clients against the local API";
    }

    @Override
    public void run(BenchOptions options, Report.Section section) throws Exception {
        var table = Table.of("6. Keep-alive clients POSTing /tourists, each on its own connection, all at once",
                "front", "clients", "requests", "202", "429", "503", "other status", "EOF", "reset", "refused",
                "timeout", "other errors", "p50 ms", "p99 ms", "rows committed");
        var examples = new ArrayList<String>();
        var queues = Infrastructure.newQueues("bench-connections", TemplateConsumer.maxReceiveCount(),
                TemplateConsumer.visibilityTimeout(), false);
        try (var runtime = PipelineRuntime.start(LocalPipelines.settings(queues, Map.of()),
                new PrintStream(OutputStream.nullOutputStream()))) {
            System.out.println("connections: warm-up, 50 clients x 20 requests ...");
            KeepAliveLoad.run(runtime.apiUri(), "/tourists", BODY, 50, 20);
            Infrastructure.drained(queues.url(), DRAIN_WAIT);
            for (var load : LOADS) {
                Infrastructure.resetDatabase();
                System.out.println("connections: the local pipeline, " + load[0] + " clients x " + load[1] + " requests ...");
                var result = KeepAliveLoad.run(runtime.apiUri(), "/tourists", BODY, load[0], load[1]);
                long rows = Infrastructure.drained(queues.url(), DRAIN_WAIT) ? Rows.count("select count(*) from tourist") : -1;
                table = row(table, "local pipeline (Jetty front)", result, rows < 0 ? "not drained" : Long.toString(rows));
                examples.add(examples("local pipeline, " + load[0] + " clients", result));
                section.target(load[0] + " keep-alive clients: connection errors", "0",
                        Integer.toString(result.connectionErrors()), result.connectionErrors() == 0);
            }
        }
        var control = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        try (var requests = Executors.newVirtualThreadPerTaskExecutor()) {
            control.setExecutor(requests);
            control.createContext("/", ConnectionsScenario::accepted);
            control.start();
            var uri = URI.create("http://127.0.0.1:" + control.getAddress().getPort());
            KeepAliveLoad.run(uri, "/tourists", BODY, 50, 20);
            for (var load : LOADS) {
                System.out.println("connections: control, the JDK's HttpServer, " + load[0] + " clients ...");
                var result = KeepAliveLoad.run(uri, "/tourists", BODY, load[0], load[1]);
                table = row(table, "control: JDK HttpServer, defaults, 202 with no work", result, "-");
                examples.add(examples("control, " + load[0] + " clients", result));
            }
        } finally {
            control.stop(0);
        }
        section.add(table);
        section.note("Each client opens one connection and sends its requests one after the other on it, as soon as the"
                + " previous answer is read; all clients start together. A request that ends in a connection error is"
                + " counted by kind (EOF: the connection closed under the request, or an answer with `Connection: close`;"
                + " reset: reset or broken pipe; refused; timeout: no answer in " + KeepAliveLoad.READ_TIMEOUT.toSeconds()
                + " s or no connection in " + KeepAliveLoad.CONNECT_TIMEOUT.toSeconds() + " s), and that client opens a"
                + " new connection for its next request. Latency: from sending (from connecting, when the request opened"
                + " the connection) to the whole answer read; answered requests only. Clients, server, queue, consumer"
                + " and PostgreSQL share this machine's cores.");
        section.note("'rows committed': tourist rows once the write queue is empty (each POST creates a tourist; no"
                + " Idempotency-Key). More rows than 202 answers would mean writes enqueued although the answer said"
                + " otherwise.");
        section.note("No before/after in one run: the local front's old server (the JDK's HttpServer in front of the"
                + " functions) is gone from the code. The control row is that server alone, with its defaults"
                + " (backlog 0, its idle-connection cap), answering a fixed 202 with no work: it is not the old"
                + " pipeline, only the same server under the same clients. Issue 10's figures for the old front (hey,"
                + " another run): 113 EOF of 3,000 requests at 300 clients; 318 x 500 and 599 x 503 of 5,000 at 1,000.");
        examples.stream().filter(e -> !e.isEmpty()).forEach(section::note);
    }

    private static Table row(Table table, String front, KeepAliveLoad.Result result, String rows) {
        return table.with(front, result.clients(), result.requests(), result.status(202), result.status(429),
                result.status(503), result.otherStatuses(), result.errors(KeepAliveLoad.ErrorKind.EOF),
                result.errors(KeepAliveLoad.ErrorKind.RESET), result.errors(KeepAliveLoad.ErrorKind.REFUSED),
                result.errors(KeepAliveLoad.ErrorKind.TIMEOUT), result.errors(KeepAliveLoad.ErrorKind.OTHER),
                fmt(result.percentile(50)), fmt(result.percentile(99)), rows);
    }

    private static String examples(String label, KeepAliveLoad.Result result) {
        if (result.examples().isEmpty() && result.otherStatuses() == 0) {
            return "";
        }
        return label + ": statuses " + result.statuses() + "; connection errors " + result.examples();
    }

    private static void accepted(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            var body = "{\"status\":\"accepted\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(202, body.length);
            exchange.getResponseBody().write(body);
        }
    }
}
