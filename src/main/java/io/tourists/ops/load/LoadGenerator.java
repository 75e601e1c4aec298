package io.tourists.ops.load;

import io.tourists.json.Json;
import io.tourists.json.TouristJson;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends a bounded number of valid writes to the write API and measures how they were answered: for demos,
 * and for the benchmarks, which call {@link #run} directly. One virtual thread per request, at most
 * {@link LoadPlan#concurrency()} in flight (a semaphore), so the load is what the plan says and not what the
 * machine's thread count allows. It only ever sends to the plan's URL.
 */
public final class LoadGenerator implements AutoCloseable {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final ExecutorService httpExecutor = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient http = HttpClient.newBuilder()
            // HTTP/1.1: what API Gateway and the local API front speak to a client like this one; no h2c upgrade.
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT)
            .executor(httpExecutor)
            .build();
    private final RandomTourists tourists = new RandomTourists();

    public LoadReport run(LoadPlan plan) {
        var target = plan.collection();
        var requestTimeout = plan.maxDuration().compareTo(REQUEST_TIMEOUT) < 0 ? plan.maxDuration() : REQUEST_TIMEOUT;
        var runId = UUID.randomUUID();
        var permits = new Semaphore(plan.concurrency());
        var latencies = new long[plan.requests()];
        var answered = new AtomicInteger();
        var statuses = new ConcurrentHashMap<String, AtomicInteger>();
        var lastAnswer = new AtomicLong();
        long start = System.nanoTime();
        long deadline = start + plan.maxDuration().toNanos();
        int sent = 0;
        boolean stoppedByDuration = false;
        try (var requests = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < plan.requests(); i++) {
                permits.acquireUninterruptibly();
                if (System.nanoTime() >= deadline) {
                    permits.release();
                    stoppedByDuration = true;
                    break;
                }
                var request = HttpRequest.newBuilder(target)
                        .timeout(requestTimeout)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(Json.write(TouristJson.write(tourists.next()))));
                if (plan.idempotencyKeys()) {
                    request.header("Idempotency-Key", "load-" + runId + "-" + i);
                }
                sent++;
                requests.submit(() -> {
                    long begin = System.nanoTime();
                    try {
                        var response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
                        long end = System.nanoTime();
                        latencies[answered.getAndIncrement()] = end - begin;
                        lastAnswer.accumulateAndGet(end, Math::max);
                        count(statuses, Integer.toString(response.statusCode()));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        count(statuses, "error: interrupted");
                    } catch (Exception e) {
                        lastAnswer.accumulateAndGet(System.nanoTime(), Math::max);
                        count(statuses, "error: " + e.getClass().getSimpleName());
                    } finally {
                        permits.release();
                    }
                });
            }
        }
        var counts = new TreeMap<String, Integer>();
        statuses.forEach((status, count) -> counts.put(status, count.get()));
        var elapsed = Duration.ofNanos(Math.max(0, lastAnswer.get() - start));
        return new LoadReport(target, plan.requests(), sent, counts, counts.getOrDefault("202", 0), elapsed,
                LoadReport.Latency.of(Arrays.copyOf(latencies, answered.get())), stoppedByDuration);
    }

    private static void count(Map<String, AtomicInteger> statuses, String key) {
        statuses.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    }

    @Override
    public void close() {
        http.close();
        httpExecutor.close();
    }
}
