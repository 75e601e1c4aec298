package io.tourists.local.dashboard;

import io.tourists.consumer.DatabaseCircuit;
import io.tourists.json.Json;
import io.tourists.local.sqs.EventSourceMapping;
import io.tourists.local.sqs.QueueCounts;
import io.tourists.local.sqs.QueueRef;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import javax.sql.DataSource;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Reads the pipeline once a second into a {@link DashboardSample}, keeps the last {@link #HISTORY} of them as
 * JSON, and hands each new one to whoever watches. Each sample costs two GetQueueAttributes calls (never a
 * receive) and one query of pg_stat_activity; the rest is what the runtime already counts.
 */
public final class DashboardSampler implements AutoCloseable {

    public static final Duration INTERVAL = Duration.ofSeconds(1);
    /** Three minutes of one-second samples. */
    static final int HISTORY = 180;

    /** What the samples are read from. */
    public record Sources(SqsClient sqs, QueueRef writeQueue, Optional<QueueRef> deadLetterQueue,
                          Optional<EventSourceMapping> consumer, DataSource database, FunctionCounts counts,
                          ApiLatencies latencies) {}

    private final Sources sources;
    private final ArrayDeque<String> history = new ArrayDeque<>(HISTORY);
    private final List<Consumer<String>> watchers = new CopyOnWriteArrayList<>();
    private Thread ticker;
    /** Age bookkeeping between samples: when the oldest message seen was sent, 0 for none. */
    private long oldestSentMillis;
    private long lastDatabaseUnavailable;
    private long circuitOpenUntil;
    private DashboardSample.Backlog backlog = DashboardSample.Backlog.NONE;
    private long settledAtBacklogStart;

    public DashboardSampler(Sources sources) {
        this.sources = sources;
    }

    public synchronized void start() {
        if (ticker != null) {
            return;
        }
        ticker = Thread.ofVirtual().name("dashboard-sampler").start(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    var json = Json.write(sample(System.currentTimeMillis()));
                    remember(json);
                    watchers.forEach(watcher -> watcher.accept(json));
                    Thread.sleep(INTERVAL);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** The samples kept, oldest first, as JSON objects. */
    public synchronized List<String> history() {
        return new ArrayList<>(history);
    }

    /** {@code watcher} gets each new sample's JSON from now on, on the sampler's thread: it must not block. */
    public void watch(Consumer<String> watcher) {
        watchers.add(watcher);
    }

    public void unwatch(Consumer<String> watcher) {
        watchers.remove(watcher);
    }

    private synchronized void remember(String json) {
        if (history.size() == HISTORY) {
            history.removeFirst();
        }
        history.addLast(json);
    }

    DashboardSample sample(long now) {
        var counts = sources.counts();
        var write = QueueCounts.of(sources.sqs(), sources.writeQueue());
        var deadLetters = sources.deadLetterQueue().flatMap(queue -> QueueCounts.of(sources.sqs(), queue))
                .map(QueueCounts::total).orElse(null);
        var stats = sources.consumer().map(EventSourceMapping::stats);
        long inFlight = stats.map(EventSourceMapping.Stats::inFlightMessages).orElse(0);
        var queue = new DashboardSample.Queue(write.map(QueueCounts::visible).orElse(null),
                write.isPresent() ? inFlight : null,
                write.map(depth -> Math.max(0, depth.invisible() - inFlight)).orElse(null),
                write.map(depth -> oldestAgeSeconds(now, depth)).orElse(null), deadLetters);

        long databaseUnavailable = counts.total("DatabaseUnavailable");
        if (databaseUnavailable > lastDatabaseUnavailable) {
            circuitOpenUntil = now + DatabaseCircuit.MAX_SKIP.toMillis();
        }
        lastDatabaseUnavailable = databaseUnavailable;
        var consumer = new DashboardSample.Consumer(stats.map(EventSourceMapping.Stats::invocations).orElse(0L),
                stats.map(EventSourceMapping.Stats::erroredInvocations).orElse(0L), counts.total("WritesApplied"),
                counts.total("WritesDuplicate"), counts.total("WritesStale"), counts.total("MessagesRejected"),
                counts.total("MessagesRetried"), databaseUnavailable,
                sources.consumer().isEmpty() ? "-" : now < circuitOpenUntil ? "open" : "closed");
        var api = new DashboardSample.Api(counts.total("WritesAccepted"), counts.total("WritesRejected"),
                counts.total("QueueUnavailable"), sources.latencies().takePercentiles());
        long settled = consumer.applied() + consumer.duplicates() + consumer.stale() + consumer.rejected();
        return new DashboardSample(now, api, queue, consumer, connections(),
                write.map(depth -> backlog(now, depth.total(), settled)).orElse(backlog));
    }

    /**
     * The age of the oldest message, as the poller sees it: when the queue is empty, 0; when the poller received
     * messages since the last sample, the oldest one's age; otherwise the previous oldest, one second older.
     */
    private long oldestAgeSeconds(long now, QueueCounts depth) {
        var received = sources.consumer().flatMap(mapping -> {
            var sent = mapping.takeOldestSentMillis();
            return sent.isPresent() ? Optional.of(sent.getAsLong()) : Optional.empty();
        });
        if (depth.total() == 0) {
            oldestSentMillis = 0;
        } else if (received.isPresent()) {
            oldestSentMillis = received.get();
        } else if (oldestSentMillis == 0) {
            oldestSentMillis = now;
        }
        return oldestSentMillis == 0 ? 0 : Math.max(0, (now - oldestSentMillis) / 1_000);
    }

    /** Starts a backlog when the queue stops being empty, follows it, and ends it when the queue is empty again. */
    private DashboardSample.Backlog backlog(long now, long onQueue, long settled) {
        boolean running = backlog.startedAt() > 0 && backlog.endedAt() == 0;
        if (!running && onQueue > 0) {
            settledAtBacklogStart = settled;
            backlog = new DashboardSample.Backlog(now, 0, onQueue, 0, onQueue);
        } else if (running) {
            backlog = new DashboardSample.Backlog(backlog.startedAt(), onQueue == 0 ? now : 0,
                    Math.max(backlog.peak(), onQueue), settled - settledAtBacklogStart, onQueue);
        }
        return backlog;
    }

    /** Client connections to this database now, by application name; nulls while PostgreSQL does not answer. */
    private DashboardSample.Database connections() {
        try (var connection = sources.database().getConnection();
             var statement = connection.prepareStatement("select coalesce(nullif(application_name, ''), 'other'),"
                     + " count(*) from pg_stat_activity where datname = current_database()"
                     + " and backend_type = 'client backend' group by 1 order by 1");
             var rows = statement.executeQuery()) {
            var byApplication = new LinkedHashMap<String, Long>();
            long total = 0;
            while (rows.next()) {
                byApplication.put(rows.getString(1), rows.getLong(2));
                total += rows.getLong(2);
            }
            return new DashboardSample.Database(total, byApplication);
        } catch (SQLException e) {
            return new DashboardSample.Database(null, Map.of());
        }
    }

    @Override
    public synchronized void close() {
        if (ticker != null) {
            ticker.interrupt();
        }
    }
}
