package io.tourists.local.dashboard;

import java.util.Map;

/**
 * What the dashboard shows at one instant: running totals (the page turns them into rates) and gauges. A
 * gauge the runtime could not read this time (SQS or PostgreSQL did not answer) is null. No tourist data.
 *
 * @param time epoch milliseconds
 */
public record DashboardSample(long time, Api api, Queue queue, Consumer consumer, Database database, Backlog backlog) {

    /** The write API's own counts since the start, and the HTTP API's answer times over the last second. */
    public record Api(long accepted, long rejected, long queueUnavailable, ApiLatencies.Percentiles latency) {}

    /**
     * The write queue and its dead-letter queue, from GetQueueAttributes: {@code visible} waits for a poller,
     * {@code inFlight} is received by the consumer's mapping now, {@code waiting} is hidden otherwise (a failed
     * batch waiting out its backoff or visibility timeout); {@code oldestAgeSeconds} as the poller sees it.
     */
    public record Queue(Long visible, Long inFlight, Long waiting, Long oldestAgeSeconds, Long deadLetters) {}

    /**
     * The consumer's mapping (batches it invoked, invocations that failed) and its function's own counts;
     * {@code circuit} is "open" while batches go back because the database failed moments ago.
     */
    public record Consumer(long batches, long erroredBatches, long applied, long duplicates, long stale,
                           long rejected, long retried, long databaseUnavailable, String circuit) {}

    /** Connections to PostgreSQL now, by application name (tourists-consumer, tourists-read, ...). */
    public record Database(Long connections, Map<String, Long> byApplication) {}

    /**
     * The latest backlog: from the moment the write queue stopped being empty (an import, a burst of writes)
     * until it is empty again. {@code endedAt} is 0 while it lasts; {@code settled} counts what left the queue
     * since it began (applied, duplicate or stale, or refused); {@code left} what is still on it.
     */
    public record Backlog(long startedAt, long endedAt, long peak, long settled, long left) {
        static final Backlog NONE = new Backlog(0, 0, 0, 0, 0);
    }
}
