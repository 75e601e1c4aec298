package io.tourists.local;

import io.tourists.local.sqs.EventSourceMapping;
import io.tourists.local.sqs.QueueCounts;
import io.tourists.local.sqs.QueueRef;
import java.io.PrintStream;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The one-line status of the pipeline: writes the API accepted, writes the consumer applied to PostgreSQL,
 * messages in consumer invocations now, messages waiting in the write queue (for a poller, or for their
 * visibility timeout after a failure), and the dead-letter queue's depth. Printed when it changes.
 */
final class PipelineStatus implements AutoCloseable {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final PrintStream out;
    private final SqsClient sqs;
    private final QueueRef writeQueue;
    private final Optional<QueueRef> deadLetterQueue;
    private final Optional<EventSourceMapping> consumer;
    private final DataSource database;
    private final Instant since;
    private final AtomicLong accepted = new AtomicLong();
    private Thread ticker;
    private String lastPrinted = "";

    PipelineStatus(PrintStream out, SqsClient sqs, QueueRef writeQueue, Optional<QueueRef> deadLetterQueue,
                   Optional<EventSourceMapping> consumer, DataSource database, Instant since) {
        this.out = out;
        this.sqs = sqs;
        this.writeQueue = writeQueue;
        this.deadLetterQueue = deadLetterQueue;
        this.consumer = consumer;
        this.database = database;
        this.since = since;
    }

    /** The API put {@code writes} writes on the queue (a 202, or a batch's accepted items). */
    void accepted(int writes) {
        accepted.addAndGet(writes);
    }

    /** Prints the status every {@code interval} when it has changed since it was last printed. */
    synchronized void printEvery(Duration interval) {
        if (interval.isZero() || ticker != null) {
            return;
        }
        ticker = Thread.ofVirtual().name("status").start(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    Thread.sleep(interval);
                    printIfChanged();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    synchronized void printIfChanged() {
        var line = line();
        if (!line.equals(lastPrinted)) {
            lastPrinted = line;
            out.println(LocalTime.now().truncatedTo(ChronoUnit.SECONDS).format(CLOCK) + " " + line);
        }
    }

    String line() {
        var inFlight = consumer.map(mapping -> mapping.stats().inFlightMessages()).orElse(0);
        var queue = depth(writeQueue);
        var waiting = queue.map(depth -> Long.toString(depth.visible())).orElse("?");
        var retrying = queue.map(depth -> Long.toString(Math.max(0, depth.invisible() - inFlight))).orElse("?");
        var dlq = deadLetterQueue.map(ref -> depth(ref).map(depth -> Long.toString(depth.total()))
                .orElse("?")).orElse("-");
        return "status accepted=" + accepted.get() + " applied=" + applied() + " in-flight=" + inFlight
                + " queued=" + waiting + " retrying=" + retrying + " dlq=" + dlq;
    }

    Optional<QueueCounts> depth(QueueRef queue) {
        return QueueCounts.of(sqs, queue);
    }

    /** Writes recorded as applied (each writeId once) since the runtime started; "?" while the database is away. */
    private String applied() {
        try (var connection = database.getConnection();
             var statement = connection.prepareStatement("select count(*) from applied_write where applied_at >= ?")) {
            statement.setTimestamp(1, Timestamp.from(since));
            try (var result = statement.executeQuery()) {
                return result.next() ? Long.toString(result.getLong(1)) : "?";
            }
        } catch (SQLException e) {
            return "?";
        }
    }

    @Override
    public synchronized void close() {
        if (ticker != null) {
            ticker.interrupt();
        }
    }
}
