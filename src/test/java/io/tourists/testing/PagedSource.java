package io.tourists.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A paginated HTTP JSON source on a local port, for the sync's tests and benchmark: {@code GET /tourists?page=N}
 * answers {@code {"items":[...], "next":"/tourists?page=N+1"}} ({@code next} absent on the last page). Its rows
 * can be changed between runs, and a page can be scripted to fail (HTTP 500) a number of times.
 */
public final class PagedSource implements AutoCloseable {

    private final HttpServer server;
    private final int pageSize;
    private volatile List<String> rows = List.of();
    private final Map<Integer, AtomicInteger> failures = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();

    public PagedSource(int pageSize) {
        this.pageSize = pageSize;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        server.createContext("/tourists", this::page);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
    }

    /** The rows it serves from now on: each a JSON object, as JSON Lines would hold it. */
    public void serve(List<String> rows) {
        this.rows = List.copyOf(rows);
    }

    /** Page {@code page} answers 500 the next {@code times} times it is asked for. */
    public void failPage(int page, int times) {
        failures.put(page, new AtomicInteger(times));
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/tourists");
    }

    public int requests() {
        return requests.get();
    }

    private void page(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        var query = exchange.getRequestURI().getQuery();
        int page = query != null && query.startsWith("page=") ? Integer.parseInt(query.substring(5)) : 1;
        var failing = failures.get(page);
        if (failing != null && failing.getAndDecrement() > 0) {
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
            return;
        }
        var served = rows;
        int from = Math.min((page - 1) * pageSize, served.size());
        int to = Math.min(from + pageSize, served.size());
        var body = new StringBuilder("{\"items\":[").append(String.join(",", new ArrayList<>(served.subList(from, to))))
                .append(']');
        if (to < served.size()) {
            body.append(",\"next\":\"/tourists?page=").append(page + 1).append('"');
        }
        var bytes = body.append('}').toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
