package io.tourists.local.dashboard;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The dashboard page on its own port, bound to 127.0.0.1 only: the page, its script and style (resources, no
 * build step, nothing fetched from elsewhere), and {@code /events}, a server-sent event stream: first the
 * pipeline's settings ({@code settings}) and the samples kept ({@code history}), then one sample a second.
 * The JDK's own HTTP server, apart from the API's Jetty, so that the page never queues behind API requests.
 */
public final class DashboardServer implements AutoCloseable {

    private static final String RESOURCES = "/io/tourists/local/dashboard/";
    private static final Map<String, String> FILES = Map.of(
            "/", "index.html", "/dashboard.js", "dashboard.js", "/dashboard.css", "dashboard.css");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8");
    /** Samples a slow page may fall behind by before it misses some (it gets the next ones). */
    private static final int BACKLOG_PER_PAGE = 30;

    private final HttpServer server;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final DashboardSampler sampler;
    private final String settingsJson;
    private volatile boolean stopping;

    private DashboardServer(HttpServer server, DashboardSampler sampler, String settingsJson) {
        this.server = server;
        this.sampler = sampler;
        this.settingsJson = settingsJson;
    }

    /**
     * Listens on 127.0.0.1:{@code port} (0 for a free one).
     *
     * @param settingsJson the pipeline's settings the page shows beside the numbers (a JSON object)
     */
    public static DashboardServer start(int port, DashboardSampler sampler, String settingsJson) throws IOException {
        var http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        var dashboard = new DashboardServer(http, sampler, settingsJson);
        http.setExecutor(dashboard.threads);
        http.createContext("/", dashboard::serve);
        http.start();
        return dashboard;
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().add("Allow", "GET");
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            var path = exchange.getRequestURI().getPath();
            if ("/events".equals(path)) {
                stream(exchange);
            } else if (FILES.containsKey(path)) {
                file(exchange, FILES.get(path));
            } else {
                exchange.sendResponseHeaders(404, -1);
            }
        }
    }

    private void file(HttpExchange exchange, String name) throws IOException {
        byte[] body;
        try (InputStream in = DashboardServer.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            body = in.readAllBytes();
        }
        exchange.getResponseHeaders().add("Content-Type", TYPES.get(name.substring(name.lastIndexOf('.') + 1)));
        exchange.getResponseHeaders().add("Cache-Control", "no-store");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
    }

    /** One page's event stream, until the page goes away or the runtime stops. */
    private void stream(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream; charset=utf-8");
        exchange.getResponseHeaders().add("Cache-Control", "no-store");
        exchange.sendResponseHeaders(200, 0);
        BlockingQueue<String> pending = new ArrayBlockingQueue<>(BACKLOG_PER_PAGE);
        Consumer<String> watcher = pending::offer;
        sampler.watch(watcher);
        var out = exchange.getResponseBody();
        try {
            send(out, "retry: 1000\n\n");
            send(out, event("settings", settingsJson));
            send(out, event("history", "[" + String.join(",", sampler.history()) + "]"));
            while (!stopping) {
                var sample = pending.poll(1, TimeUnit.SECONDS);
                if (sample == null) {
                    send(out, ": still here\n\n");   // a comment: finds a page that went away
                } else {
                    send(out, event("sample", sample));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the page closed: nothing to tell anyone
        } finally {
            sampler.unwatch(watcher);
        }
    }

    private static String event(String name, String json) {
        return "event: " + name + "\ndata: " + json + "\n\n";
    }

    private static void send(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() {
        stopping = true;
        server.stop(0);
        threads.shutdownNow();
        threads.close();
    }
}
