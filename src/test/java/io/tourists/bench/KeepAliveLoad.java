package io.tourists.bench;

import io.tourists.testing.KeepAliveConnection;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * C clients at once, each on its own HTTP/1.1 keep-alive connection (a plain socket, as {@code hey} holds
 * one per client), each sending R POSTs one after the other, as fast as they are answered. A request that
 * ends in a connection error is counted by kind, and the client opens a new connection for its next one, as
 * hey does. Latency runs from sending the request (from connecting, for the request that opens a connection)
 * to reading the whole answer.
 */
final class KeepAliveLoad {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Beyond API Gateway's 30 s integration timeout: an answer that slow is counted as a timeout. */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    /** Kinds of connection error, as a load tool reports them. */
    enum ErrorKind { EOF, RESET, REFUSED, TIMEOUT, OTHER }

    /**
     * @param statuses answers by HTTP status
     * @param errors   requests that ended in a connection error, by kind
     * @param examples one message per distinct error, with its count
     * @param millis   latencies of the answered requests, sorted
     */
    record Result(int clients, int requests, Duration elapsed, Map<Integer, Integer> statuses,
                  Map<ErrorKind, Integer> errors, Map<String, Integer> examples, double[] millis) {

        int answered() {
            return statuses.values().stream().mapToInt(Integer::intValue).sum();
        }

        int status(int code) {
            return statuses.getOrDefault(code, 0);
        }

        int otherStatuses() {
            return answered() - status(202) - status(429) - status(503);
        }

        int errors(ErrorKind kind) {
            return errors.getOrDefault(kind, 0);
        }

        int connectionErrors() {
            return errors.values().stream().mapToInt(Integer::intValue).sum();
        }

        double percentile(double p) {
            if (millis.length == 0) {
                return Double.NaN;
            }
            return millis[Math.min(millis.length - 1, (int) Math.ceil(p / 100 * millis.length) - 1)];
        }
    }

    private KeepAliveLoad() {
    }

    static Result run(URI server, String path, byte[] body, int clients, int requestsPerClient) throws InterruptedException {
        var statuses = new ConcurrentHashMap<Integer, AtomicInteger>();
        var errors = new ConcurrentHashMap<ErrorKind, AtomicInteger>();
        var examples = new ConcurrentHashMap<String, AtomicInteger>();
        var latencies = new ConcurrentLinkedQueue<Long>();
        var go = new CountDownLatch(1);
        long start;
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < clients; c++) {
                threads.submit(() -> {
                    go.await();
                    KeepAliveConnection connection = null;
                    for (int r = 0; r < requestsPerClient; r++) {
                        long sent = System.nanoTime();
                        try {
                            if (connection == null) {
                                connection = KeepAliveConnection.open(server, CONNECT_TIMEOUT, READ_TIMEOUT);
                            }
                            int status = connection.postJson(path, body);
                            latencies.add(System.nanoTime() - sent);
                            statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
                        } catch (IOException e) {
                            errors.computeIfAbsent(kind(e), k -> new AtomicInteger()).incrementAndGet();
                            examples.computeIfAbsent(e.getClass().getSimpleName() + ": " + e.getMessage(),
                                    k -> new AtomicInteger()).incrementAndGet();
                            closeQuietly(connection);
                            connection = null;
                        }
                    }
                    closeQuietly(connection);
                    return null;
                });
            }
            start = System.nanoTime();
            go.countDown();
        }
        var elapsed = Duration.ofNanos(System.nanoTime() - start);
        double[] millis = latencies.stream().mapToDouble(nanos -> nanos / 1e6).toArray();
        Arrays.sort(millis);
        return new Result(clients, clients * requestsPerClient, elapsed, counts(statuses), counts(errors),
                counts(examples), millis);
    }

    static ErrorKind kind(IOException e) {
        if (e instanceof EOFException || e instanceof KeepAliveConnection.ClosedByServerException) {
            return ErrorKind.EOF;
        }
        if (e instanceof ConnectException) {
            return ErrorKind.REFUSED;
        }
        if (e instanceof SocketTimeoutException) {
            return ErrorKind.TIMEOUT;
        }
        var message = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
        if (e instanceof SocketException && (message.contains("reset") || message.contains("broken pipe"))) {
            return ErrorKind.RESET;
        }
        return ErrorKind.OTHER;
    }

    private static <K extends Comparable<K>> Map<K, Integer> counts(Map<K, AtomicInteger> counters) {
        var counts = new TreeMap<K, Integer>();
        counters.forEach((key, count) -> counts.put(key, count.get()));
        return counts;
    }

    private static void closeQuietly(KeepAliveConnection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (IOException ignored) {
                // already broken
            }
        }
    }
}
